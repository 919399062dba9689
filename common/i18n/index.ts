import { LOCALES, type Locale } from '../enums.js';
import enApiClients from './locales/en/apiClients.json' with { type: 'json' };
import enAssessment from './locales/en/assessment.json' with { type: 'json' };
import enAudit from './locales/en/audit.json' with { type: 'json' };
import enClasses from './locales/en/classes.json' with { type: 'json' };
import enClassView from './locales/en/classView.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };
import enCredentials from './locales/en/credentials.json' with { type: 'json' };
import enDeletion from './locales/en/deletion.json' with { type: 'json' };
import enDiary from './locales/en/diary.json' with { type: 'json' };
import enEnums from './locales/en/enums.json' with { type: 'json' };
import enErrors from './locales/en/errors.json' with { type: 'json' };
import enImports from './locales/en/imports.json' with { type: 'json' };
import enInstitutions from './locales/en/institutions.json' with { type: 'json' };
import enJournal from './locales/en/journal.json' with { type: 'json' };
import enNotifications from './locales/en/notifications.json' with { type: 'json' };
import enPasswords from './locales/en/passwords.json' with { type: 'json' };
import enPersons from './locales/en/persons.json' with { type: 'json' };
import enRegistration from './locales/en/registration.json' with { type: 'json' };
import enReports from './locales/en/reports.json' with { type: 'json' };
import enSchool from './locales/en/school.json' with { type: 'json' };
import enSessions from './locales/en/sessions.json' with { type: 'json' };
import enStatistics from './locales/en/statistics.json' with { type: 'json' };
import enTimetable from './locales/en/timetable.json' with { type: 'json' };
import enTopicPlans from './locales/en/topicPlans.json' with { type: 'json' };
import kkApiClients from './locales/kk/apiClients.json' with { type: 'json' };
import kkAssessment from './locales/kk/assessment.json' with { type: 'json' };
import kkAudit from './locales/kk/audit.json' with { type: 'json' };
import kkClasses from './locales/kk/classes.json' with { type: 'json' };
import kkClassView from './locales/kk/classView.json' with { type: 'json' };
import kkCommon from './locales/kk/common.json' with { type: 'json' };
import kkCredentials from './locales/kk/credentials.json' with { type: 'json' };
import kkDeletion from './locales/kk/deletion.json' with { type: 'json' };
import kkDiary from './locales/kk/diary.json' with { type: 'json' };
import kkEnums from './locales/kk/enums.json' with { type: 'json' };
import kkErrors from './locales/kk/errors.json' with { type: 'json' };
import kkImports from './locales/kk/imports.json' with { type: 'json' };
import kkInstitutions from './locales/kk/institutions.json' with { type: 'json' };
import kkJournal from './locales/kk/journal.json' with { type: 'json' };
import kkNotifications from './locales/kk/notifications.json' with { type: 'json' };
import kkPasswords from './locales/kk/passwords.json' with { type: 'json' };
import kkPersons from './locales/kk/persons.json' with { type: 'json' };
import kkRegistration from './locales/kk/registration.json' with { type: 'json' };
import kkReports from './locales/kk/reports.json' with { type: 'json' };
import kkSchool from './locales/kk/school.json' with { type: 'json' };
import kkSessions from './locales/kk/sessions.json' with { type: 'json' };
import kkStatistics from './locales/kk/statistics.json' with { type: 'json' };
import kkTimetable from './locales/kk/timetable.json' with { type: 'json' };
import kkTopicPlans from './locales/kk/topicPlans.json' with { type: 'json' };
import ruApiClients from './locales/ru/apiClients.json' with { type: 'json' };
import ruAssessment from './locales/ru/assessment.json' with { type: 'json' };
import ruAudit from './locales/ru/audit.json' with { type: 'json' };
import ruClasses from './locales/ru/classes.json' with { type: 'json' };
import ruClassView from './locales/ru/classView.json' with { type: 'json' };
import ruCommon from './locales/ru/common.json' with { type: 'json' };
import ruCredentials from './locales/ru/credentials.json' with { type: 'json' };
import ruDeletion from './locales/ru/deletion.json' with { type: 'json' };
import ruDiary from './locales/ru/diary.json' with { type: 'json' };
import ruEnums from './locales/ru/enums.json' with { type: 'json' };
import ruErrors from './locales/ru/errors.json' with { type: 'json' };
import ruImports from './locales/ru/imports.json' with { type: 'json' };
import ruInstitutions from './locales/ru/institutions.json' with { type: 'json' };
import ruJournal from './locales/ru/journal.json' with { type: 'json' };
import ruNotifications from './locales/ru/notifications.json' with { type: 'json' };
import ruPasswords from './locales/ru/passwords.json' with { type: 'json' };
import ruPersons from './locales/ru/persons.json' with { type: 'json' };
import ruRegistration from './locales/ru/registration.json' with { type: 'json' };
import ruReports from './locales/ru/reports.json' with { type: 'json' };
import ruSchool from './locales/ru/school.json' with { type: 'json' };
import ruSessions from './locales/ru/sessions.json' with { type: 'json' };
import ruStatistics from './locales/ru/statistics.json' with { type: 'json' };
import ruTimetable from './locales/ru/timetable.json' with { type: 'json' };
import ruTopicPlans from './locales/ru/topicPlans.json' with { type: 'json' };

/**
 * Every user-facing string, by locale and namespace. The server uses `errors` (and `enums` in exports); the
 * web app uses all of them. A test (i18n.test.ts) fails when a key exists in one locale and not another.
 */
export const resources = {
  kk: {
    common: kkCommon,
    errors: kkErrors,
    deletion: kkDeletion,
    enums: kkEnums,
    institutions: kkInstitutions,
    persons: kkPersons,
    registration: kkRegistration,
    passwords: kkPasswords,
    audit: kkAudit,
    credentials: kkCredentials,
    sessions: kkSessions,
    school: kkSchool,
    classes: kkClasses,
    timetable: kkTimetable,
    imports: kkImports,
    assessment: kkAssessment,
    journal: kkJournal,
    classView: kkClassView,
    topicPlans: kkTopicPlans,
    reports: kkReports,
    statistics: kkStatistics,
    diary: kkDiary,
    notifications: kkNotifications,
    apiClients: kkApiClients,
  },
  ru: {
    common: ruCommon,
    errors: ruErrors,
    deletion: ruDeletion,
    enums: ruEnums,
    institutions: ruInstitutions,
    persons: ruPersons,
    registration: ruRegistration,
    passwords: ruPasswords,
    audit: ruAudit,
    credentials: ruCredentials,
    sessions: ruSessions,
    school: ruSchool,
    classes: ruClasses,
    timetable: ruTimetable,
    imports: ruImports,
    assessment: ruAssessment,
    journal: ruJournal,
    classView: ruClassView,
    topicPlans: ruTopicPlans,
    reports: ruReports,
    statistics: ruStatistics,
    diary: ruDiary,
    notifications: ruNotifications,
    apiClients: ruApiClients,
  },
  en: {
    common: enCommon,
    errors: enErrors,
    deletion: enDeletion,
    enums: enEnums,
    institutions: enInstitutions,
    persons: enPersons,
    registration: enRegistration,
    passwords: enPasswords,
    audit: enAudit,
    credentials: enCredentials,
    sessions: enSessions,
    school: enSchool,
    classes: enClasses,
    timetable: enTimetable,
    imports: enImports,
    assessment: enAssessment,
    journal: enJournal,
    classView: enClassView,
    topicPlans: enTopicPlans,
    reports: enReports,
    statistics: enStatistics,
    diary: enDiary,
    notifications: enNotifications,
    apiClients: enApiClients,
  },
} as const satisfies Record<Locale, Record<string, unknown>>;

export const NAMESPACES = Object.keys(resources.en) as Array<keyof (typeof resources)['en']>;

/** Picks the best supported locale from an Accept-Language header ('kz' is a common non-standard alias). */
export function negotiateLocale(header: string | undefined, fallback: Locale = 'kk'): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0] === 'kz' ? 'kk' : tag.split('-')[0];
    if ((LOCALES as readonly string[]).includes(base ?? '')) return base as Locale;
  }
  return fallback;
}
