import { LOCALES, type Locale } from '@common/enums.js';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconFileSpreadsheet, IconFileZip, IconUpload } from '@tabler/icons-react';
import { type DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  type ImportJob,
  type ImportKind,
  templatePath,
  useDownload,
  useImportJobs,
  useUploadImport,
} from '../../api/imports.js';
import { useCurrentMe } from '../../api/me.js';
import { errorMessage } from '../../components/notify.js';
import { NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDateTime } from '../people/format.js';
import { StatusBadge, SummaryBadges } from './importParts.js';

/**
 * /imports — bulk onboarding (issue 4 §4): the template in kk/ru/en, an upload (drag and drop or a file picker)
 * that runs the dry run and opens its preview, the school's import jobs, and the exports.
 */
export default function ImportsPage() {
  const { t } = useTranslation('imports');
  const me = useCurrentMe();
  if (!me.capabilities.manageSchool) return <NoAccess />;
  return (
    <Stack gap="lg" maw={960}>
      <Stack gap={4}>
        <Title order={2}>{t('page.title')}</Title>
        <Text c="dimmed">{t('page.intro')}</Text>
      </Stack>
      <TemplateCard />
      <UploadCard />
      <JobsCard />
      <ExportCard />
    </Stack>
  );
}

function TemplateCard() {
  const { t } = useTranslation(['imports', 'enums']);
  const locale = useLocale();
  const [lang, setLang] = useState<Locale>(locale);
  const download = useDownload();
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={4}>{t('page.templateTitle')}</Title>
        <Text size="sm">{t('page.templateText')}</Text>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="template-language-label">
            {t('page.templateLanguage')}
          </Text>
          <SegmentedControl
            aria-labelledby="template-language-label"
            value={lang}
            onChange={(v) => setLang(v as Locale)}
            data={LOCALES.map((l) => ({ value: l, label: t(`enums:locale.${l}`) }))}
            data-testid="template-language"
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
        <Group gap="sm">
          {(['xlsx', 'csv'] as const).map((format) => (
            <Button
              key={format}
              variant={format === 'xlsx' ? 'filled' : 'default'}
              leftSection={<IconDownload size={16} />}
              loading={download.isPending && download.variables?.params?.format === format}
              onClick={() => download.mutate(templatePath(format, lang))}
              data-testid={`template-${format}`}
            >
              {format === 'xlsx' ? t('page.downloadXlsx') : t('page.downloadCsv')}
            </Button>
          ))}
        </Group>
      </Stack>
    </Card>
  );
}

function UploadCard() {
  const { t } = useTranslation('imports');
  const navigate = useNavigate();
  const [kind, setKind] = useState<ImportKind>('people');
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadImport();
  const send = (file: File | undefined) => {
    if (!file) return;
    upload.mutate({ file, kind }, { onSuccess: (job) => navigate(`/imports/${job.id}`) });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    send(event.dataTransfer.files[0]);
  };
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={4}>{t('page.uploadTitle')}</Title>
        <Text size="sm">{t('page.uploadText')}</Text>
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as ImportKind)}
          data={[
            { value: 'people', label: t('page.kindPeople') },
            { value: 'oneroster', label: t('page.kindOneRoster') },
          ]}
          data-testid="import-kind"
          style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
          styles={{ label: { whiteSpace: 'normal' } }}
        />
        <UnstyledButton
          onClick={() => input.current?.click()}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="import-dropzone"
          style={{
            border: `2px dashed var(--mantine-color-${dragging ? 'blue-6' : 'gray-4'})`,
            borderRadius: 'var(--mantine-radius-md)',
            padding: 'var(--mantine-spacing-lg)',
            background: dragging ? 'var(--mantine-color-blue-light)' : undefined,
          }}
        >
          <Stack align="center" gap={6} ta="center">
            {kind === 'people' ? (
              <IconFileSpreadsheet size={36} stroke={1.4} />
            ) : (
              <IconFileZip size={36} stroke={1.4} />
            )}
            <Text fw={500}>{upload.isPending ? t('page.uploading') : t('page.drop')}</Text>
            <Text size="sm" c="dimmed">
              {t('page.or')}
            </Text>
            <Button component="span" variant="light" leftSection={<IconUpload size={16} />} loading={upload.isPending}>
              {t('page.choose')}
            </Button>
          </Stack>
        </UnstyledButton>
        <input
          ref={input}
          type="file"
          hidden
          accept={kind === 'people' ? '.xlsx,.csv,.txt,text/csv' : '.zip,application/zip'}
          onChange={(e) => {
            send(e.target.files?.[0]);
            e.target.value = '';
          }}
          data-testid="import-file"
        />
        {upload.isError && (
          <Alert color="red" icon={<IconAlertTriangle />} data-testid="import-upload-error">
            {errorMessage(upload.error)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function JobRow({ job }: { job: ImportJob }) {
  const { t } = useTranslation('imports');
  const locale = useLocale();
  return (
    <Card withBorder padding="sm" radius="md" data-testid={`import-job-${job.id}`}>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Anchor component={Link} to={`/imports/${job.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
            {job.fileName}
          </Anchor>
          <Group gap={6}>
            <Badge variant="outline" color="gray">
              {t(`kind.${job.kind}`)}
            </Badge>
            <StatusBadge status={job.status} />
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {formatDateTime(job.createdAt, locale)} · {t('page.rows', { count: job.totalRows })}
        </Text>
        {job.summary && job.status !== 'discarded' && <SummaryBadges summary={job.summary} />}
      </Stack>
    </Card>
  );
}

function JobsCard() {
  const { t } = useTranslation('imports');
  const jobs = useImportJobs();
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={4}>{t('page.jobsTitle')}</Title>
        {jobs.isPending ? (
          <PageLoader />
        ) : jobs.isError ? (
          <PageError error={jobs.error} onRetry={() => jobs.refetch()} />
        ) : jobs.data.items.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('page.noJobs')}
          </Text>
        ) : (
          <Stack gap="xs" data-testid="import-jobs">
            {jobs.data.items.map((job) => (
              <JobRow key={job.id} job={job} />
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function ExportCard() {
  const { t } = useTranslation('imports');
  const download = useDownload();
  const item = (label: string, what: 'people' | 'classes') => (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" fw={500} miw={90}>
        {label}
      </Text>
      {(['xlsx', 'csv'] as const).map((format) => (
        <Button
          key={format}
          size="xs"
          variant="default"
          leftSection={<IconDownload size={14} />}
          onClick={() =>
            download.mutate({ path: `/exports/${what}`, params: { format }, fallback: `dapter-${what}.${format}` })
          }
          data-testid={`export-${what}-${format}`}
        >
          {format.toUpperCase()}
        </Button>
      ))}
    </Group>
  );
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={4}>{t('page.exportTitle')}</Title>
        <Text size="sm">{t('page.exportText')}</Text>
        {item(t('page.exportPeople'), 'people')}
        {item(t('page.exportClasses'), 'classes')}
        <Button
          variant="default"
          leftSection={<IconFileZip size={16} />}
          style={{ alignSelf: 'flex-start' }}
          loading={download.isPending && download.variables?.path === '/exports/oneroster'}
          onClick={() => download.mutate({ path: '/exports/oneroster', fallback: 'dapter-oneroster.zip' })}
          data-testid="export-oneroster"
        >
          {t('page.exportOneRoster')}
        </Button>
      </Stack>
    </Card>
  );
}
