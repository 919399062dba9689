import { LOCALES, type Locale, type Profile, SCHOOL_ROLES, type SchoolRole } from '@common/enums.js';
import { BULK_MAX_ROWS } from '@common/schemas/credentials.js';
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowLeft } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type BulkCreated, useBulkCreate } from '../../api/credentials.js';
import { useCurrentMe } from '../../api/me.js';
import { NoAccess } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { isApiError } from '../../lib/apiError.js';
import { localName } from '../../lib/localName.js';
import { parseBulkList, serverRowProblems, tooManyRows } from './BulkListParser.js';
import { BulkPreviewTable } from './BulkPreviewTable.js';
import { BulkResults } from './BulkResults.js';
import { useInstitutionDetail } from './institutionLookup.js';
import { type InstitutionChoice, PROFILES_BY_KIND } from './membership.js';

type ServerProblems = Map<number, Array<{ field: string; message: string }>>;

/**
 * /people/bulk?institutionId= — many people at once from a pasted list (user agreement 1.7): a preview with
 * every row's problems before anything is sent, then all or nothing, then the one-time credentials with
 * printable slips.
 */
export default function BulkAddPage() {
  const { t } = useTranslation(['credentials', 'persons', 'enums']);
  const locale = useLocale();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const paramId = Number(params.get('institutionId')) || null;
  const context = me.context;

  const target = useInstitutionDetail(paramId !== null && paramId !== context?.institutionId ? paramId : null);
  const choices = useMemo<InstitutionChoice[]>(() => {
    const list: InstitutionChoice[] = [];
    if (target.data && target.data.closedAt === null) {
      list.push({ id: target.data.id, kind: target.data.kind, name: localName(target.data, locale) });
    }
    if (context) {
      list.push({
        id: context.institutionId,
        kind: context.institutionKind,
        name: localName(context.institutionName, locale),
      });
    }
    return list;
  }, [target.data, context, locale]);

  const [institutionId, setInstitutionId] = useState<string>(String(paramId ?? context?.institutionId ?? ''));
  const institution = choices.find((c) => String(c.id) === institutionId) ?? choices[0] ?? null;
  const profiles = institution ? PROFILES_BY_KIND[institution.kind] : [];
  const [chosenProfile, setProfile] = useState<Profile | ''>('');
  const profile = chosenProfile && profiles.includes(chosenProfile) ? chosenProfile : (profiles[0] ?? '');
  const [roles, setRoles] = useState<SchoolRole[]>([]);
  const [accountLocale, setAccountLocale] = useState<Locale>('kk');
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 250);
  const rows = useMemo(() => parseBulkList(debounced), [debounced]);
  const [serverProblems, setServerProblems] = useState<ServerProblems>(new Map());
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [result, setResult] = useState<BulkCreated | null>(null);
  const create = useBulkCreate();

  if (!me.capabilities.managePeople || !context) return <NoAccess />;

  const problemRows = rows.filter((r) => r.problems.length > 0).length;
  const tooMany = tooManyRows(rows);
  const upToDate = debounced === text;
  const canSubmit =
    upToDate && rows.length > 0 && problemRows === 0 && !tooMany && institution !== null && profile !== '';

  const onText = (value: string) => {
    setText(value);
    setServerProblems(new Map());
    setServerMessage(null);
  };

  const submit = () => {
    if (!canSubmit || !institution) return;
    create.mutate(
      {
        institutionId: institution.id,
        profile,
        roles: profile === 'school_employee' ? SCHOOL_ROLES.filter((r) => roles.includes(r)) : [],
        locale: accountLocale,
        rows: rows.map((r) => r.row),
      },
      {
        onSuccess: (created) => setResult(created),
        onError: (error) => {
          setServerMessage(isApiError(error) ? error.message : t('common:errors.network'));
          setServerProblems(isApiError(error) ? serverRowProblems(error.issues) : new Map());
        },
      },
    );
  };

  const back = `/people${institution ? `?institutionId=${institution.id}` : ''}`;
  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to="/people" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('persons:list.title')}
        </Group>
      </Anchor>
      <Title order={2}>{t('credentials:bulk.title')}</Title>

      {result ? (
        <BulkResults result={result} onDone={() => navigate(back)} />
      ) : (
        <>
          <Fieldset legend={t('persons:add.membershipLegend')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <NativeSelect
                label={t('credentials:bulk.institution')}
                data={choices.map((c) => ({ value: String(c.id), label: c.name }))}
                value={institution ? String(institution.id) : ''}
                onChange={(e) => setInstitutionId(e.currentTarget.value)}
                data-testid="bulk-institution"
              />
              <NativeSelect
                label={t('credentials:bulk.profile')}
                data={profiles.map((p) => ({ value: p, label: t(`enums:profile.${p}`) }))}
                value={profile}
                onChange={(e) => setProfile(e.currentTarget.value as Profile)}
                data-testid="bulk-profile"
              />
              <NativeSelect
                label={t('credentials:bulk.locale')}
                data={LOCALES.map((l) => ({ value: l, label: t(`enums:locale.${l}`) }))}
                value={accountLocale}
                onChange={(e) => setAccountLocale(e.currentTarget.value as Locale)}
                data-testid="bulk-locale"
              />
            </SimpleGrid>
            {profile === 'school_employee' && (
              <Checkbox.Group
                mt="sm"
                label={t('credentials:bulk.roles')}
                value={roles}
                onChange={(v) => setRoles(v as SchoolRole[])}
              >
                <Group gap="md" mt={4}>
                  {SCHOOL_ROLES.map((r) => (
                    <Checkbox key={r} value={r} label={t(`enums:role.${r}`)} />
                  ))}
                </Group>
              </Checkbox.Group>
            )}
          </Fieldset>

          <Stack gap={4}>
            <Text size="sm">{t('credentials:bulk.intro')}</Text>
            <Text size="xs" c="dimmed">
              {t('credentials:bulk.columns')}
            </Text>
          </Stack>
          <Textarea
            label={t('credentials:bulk.list')}
            placeholder={'Сапарова\tАружан\tЕрланқызы\t12.04.2015\tж\nӘлиев; Нұрлан; Серікұлы; 2015-01-02; м'}
            value={text}
            onChange={(e) => onText(e.currentTarget.value)}
            autosize
            minRows={6}
            maxRows={16}
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid="bulk-input"
          />

          <Group justify="space-between" gap="sm">
            <Title order={4}>{t('credentials:bulk.preview')}</Title>
            {rows.length > 0 && (
              <Group gap="md">
                <Text size="sm" c="teal" data-testid="bulk-ready">
                  {t('credentials:bulk.ready', { count: rows.length - problemRows })}
                </Text>
                {problemRows > 0 && (
                  <Text size="sm" c="red" fw={600} data-testid="bulk-problem-count">
                    {t('credentials:bulk.withProblems', { count: problemRows })}
                  </Text>
                )}
              </Group>
            )}
          </Group>
          {tooMany && (
            <Alert color="red" icon={<IconAlertTriangle />}>
              {t('credentials:bulk.tooMany', { max: BULK_MAX_ROWS })}
            </Alert>
          )}
          {serverMessage && (
            <Alert color="red" icon={<IconAlertTriangle />} data-testid="bulk-server-error">
              {serverMessage}
            </Alert>
          )}
          {rows.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('credentials:bulk.empty')}
            </Text>
          ) : (
            <BulkPreviewTable rows={rows} serverProblems={serverProblems} />
          )}

          <Group justify="flex-end">
            <Button variant="default" component={Link} to={back}>
              {t('credentials:bulk.cancel')}
            </Button>
            <Button onClick={submit} disabled={!canSubmit} loading={create.isPending} data-testid="bulk-submit">
              {t('credentials:bulk.submit', { count: rows.length })}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
