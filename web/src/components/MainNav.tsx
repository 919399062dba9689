import type { Me } from '@common/schemas/auth.js';
import { NavLink, Stack } from '@mantine/core';
import {
  IconApps,
  IconBook,
  IconBuildingCommunity,
  IconCalculator,
  IconCalendar,
  IconCalendarWeek,
  IconChartBar,
  IconFileCheck,
  IconFileImport,
  IconFilePencil,
  IconHistory,
  IconHome,
  IconMail,
  IconMoodKid,
  IconNotebook,
  IconNotes,
  IconPlugConnected,
  IconReportAnalytics,
  IconSchool,
  IconTable,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useClassViewClasses } from '../api/class-view.js';

interface NavItem {
  id: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  show: (c: Me['capabilities']) => boolean;
  /** The label's i18n key when it is not `nav.<id>` of the common namespace. */
  label?: string;
}

/** The sections, each shown only when the current context can use it (me.capabilities). */
const ITEMS: NavItem[] = [
  { id: 'home', to: '/', icon: IconHome, show: () => true },
  { id: 'institutions', to: '/institutions', icon: IconBuildingCommunity, show: (c) => c.browseInstitutions },
  { id: 'people', to: '/people', icon: IconUsers, show: (c) => c.listPeople },
  { id: 'diary', to: '/diary', icon: IconNotes, show: (c) => c.useDiary, label: 'diary:nav.diary' },
  { id: 'children', to: '/children', icon: IconMoodKid, show: (c) => c.seeChildren },
  {
    id: 'my-timetable',
    to: '/my-timetable',
    icon: IconCalendarWeek,
    show: (c) => c.seeTimetable,
    label: 'timetable:nav.my',
  },
  {
    id: 'journal',
    to: '/journal',
    icon: IconNotebook,
    show: (c) => c.useJournal,
    label: 'journal:nav.journal',
  },
  // Staff who lead a class (or administer the school): hidden for other staff once the classes list is known.
  {
    id: 'class-view',
    to: '/class-view',
    icon: IconUsersGroup,
    show: (c) => c.useJournal,
    label: 'classView:nav.myClass',
  },
  { id: 'reports', to: '/reports', icon: IconChartBar, show: (c) => c.readReports, label: 'reports:nav.reports' },
  {
    id: 'statistics',
    to: '/statistics',
    icon: IconReportAnalytics,
    show: (c) => c.readStatistics,
    label: 'statistics:nav.statistics',
  },
  { id: 'school-year', to: '/school-year', icon: IconCalendar, show: (c) => c.readSchool, label: 'school:nav.year' },
  { id: 'classes', to: '/classes', icon: IconSchool, show: (c) => c.readSchool, label: 'classes:nav.classes' },
  { id: 'subjects', to: '/subjects', icon: IconBook, show: (c) => c.readSchool, label: 'classes:nav.subjects' },
  { id: 'timetable', to: '/timetable', icon: IconTable, show: (c) => c.readSchool, label: 'timetable:nav.editor' },
  { id: 'imports', to: '/imports', icon: IconFileImport, show: (c) => c.manageSchool, label: 'imports:nav.imports' },
  { id: 'audit', to: '/audit', icon: IconHistory, show: (c) => c.readAudit },
  {
    id: 'corrections',
    to: '/corrections',
    icon: IconFilePencil,
    show: (c) => c.handleCorrections,
    label: 'registration:nav.corrections',
  },
  {
    id: 'agreements',
    to: '/agreements',
    icon: IconFileCheck,
    show: (c) => c.manageAgreements || c.exportAcceptances,
    label: 'registration:nav.agreements',
  },
  {
    id: 'api-clients',
    to: '/api-clients',
    icon: IconPlugConnected,
    show: (c) => c.manageApiClients,
    label: 'apiClients:nav.registry',
  },
  {
    id: 'school-apps',
    to: '/school/apps',
    icon: IconApps,
    show: (c) => c.enableApiClients,
    label: 'apiClients:nav.school',
  },
  {
    id: 'newsletters',
    to: '/newsletters',
    icon: IconMail,
    show: (c) => c.sendNewsletters,
    label: 'notifications:nav.newsletters',
  },
  {
    id: 'calculator',
    to: '/calculator',
    icon: IconCalculator,
    show: () => true,
    label: 'assessment:nav.calculator',
  },
  { id: 'profile', to: '/profile', icon: IconUserCircle, show: () => true },
];

export const visibleNavItems = (capabilities: Me['capabilities']) => ITEMS.filter((item) => item.show(capabilities));

const isActive = (pathname: string, to: string) =>
  to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);

export function MainNav({ capabilities, onNavigate }: { capabilities: Me['capabilities']; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  // "My class" only for a class teacher (the list is non-empty) or an administrator (every class).
  const leads = useClassViewClasses(capabilities.useJournal && !capabilities.manageJournal);
  const hideClassView = !capabilities.manageJournal && (leads.data?.items.length ?? 0) === 0;
  const items = visibleNavItems(capabilities).filter((item) => item.id !== 'class-view' || !hideClassView);
  return (
    <Stack gap={2} component="nav" aria-label={t('nav.label')}>
      {items.map(({ id, to, icon: Icon, label }) => (
        <NavLink
          key={id}
          component={Link}
          to={to}
          label={t(label ?? `nav.${id}`)}
          leftSection={<Icon size={20} stroke={1.6} />}
          active={isActive(pathname, to)}
          aria-current={isActive(pathname, to) ? 'page' : undefined}
          data-testid={`nav-${id}`}
          onClick={onNavigate}
        />
      ))}
    </Stack>
  );
}
