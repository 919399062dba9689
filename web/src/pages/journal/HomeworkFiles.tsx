import {
  HOMEWORK_FILE_EXTENSIONS,
  type HomeworkAttachment,
  type HomeworkLimits,
} from '@common/schemas/homework-files.js';
import type { LessonColumn } from '@common/schemas/journal.js';
import { ActionIcon, Alert, Anchor, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { IconPaperclip, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { attachmentUrl, useRemoveAttachment, useUploadAttachment } from '../../api/journal.js';
import { errorMessage } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';

const ACCEPT = HOMEWORK_FILE_EXTENSIONS.map((e) => `.${e}`).join(',');

/** "1.4 MB", "820 KB" in the UI language's number format. */
export function formatSize(bytes: number, locale: string, t: TFunction): string {
  const mb = bytes / (1024 * 1024);
  const fmt = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  return mb >= 1
    ? t('journal:files.mb', { n: fmt(mb) })
    : t('journal:files.kb', { n: fmt(Math.max(bytes / 1024, 0.1)) });
}

/**
 * The files of a lesson's homework inside the lesson dialog: download links for everyone who sees the journal;
 * attach and remove for whoever may write it. The list is kept here (from each answer) so it stays current while
 * the grid reloads underneath. The server checks every file's content; the size is also checked here first so a
 * too-large file is refused before it is sent.
 */
export function HomeworkFiles({
  lesson,
  limits,
  readOnly,
}: {
  lesson: LessonColumn;
  limits: HomeworkLimits;
  readOnly: boolean;
}) {
  const { t } = useTranslation('journal');
  const locale = useLocale();
  const upload = useUploadAttachment();
  const remove = useRemoveAttachment();
  const [files, setFiles] = useState<HomeworkAttachment[]>(lesson.homework?.attachments ?? []);
  const [localError, setLocalError] = useState<string | null>(null);
  const size = (n: number) => formatSize(n, locale, t);
  const error =
    localError ?? (upload.error ? errorMessage(upload.error) : remove.error ? errorMessage(remove.error) : null);

  const onFile = (file: File | null) => {
    if (!file) return;
    setLocalError(null);
    upload.reset();
    remove.reset();
    if (file.size === 0) return setLocalError(t('files.empty'));
    if (file.size > limits.maxFileBytes) return setLocalError(t('files.tooLarge', { size: size(limits.maxFileBytes) }));
    upload.mutate({ lessonId: lesson.id, file }, { onSuccess: (added) => setFiles((list) => [...list, added]) });
  };

  if (!lesson.homework) {
    return readOnly ? null : (
      <Text size="xs" c="dimmed" data-testid="homework-files-hint">
        {t('files.saveFirst')}
      </Text>
    );
  }
  return (
    <Stack gap={4} data-testid="homework-files">
      <Text size="sm" fw={500}>
        {t('files.title')}
      </Text>
      {files.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('files.none')}
        </Text>
      )}
      {files.map((f) => (
        <Group key={f.id} gap="xs" wrap="nowrap" data-testid="homework-file">
          <IconPaperclip size={14} aria-hidden />
          <Anchor href={attachmentUrl(lesson.id, f.id)} download={f.fileName} size="sm" style={{ minWidth: 0 }}>
            <Text span size="sm" style={{ overflowWrap: 'anywhere' }}>
              {f.fileName}
            </Text>
          </Anchor>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {size(f.size)}
          </Text>
          {!readOnly && (
            <ActionIcon
              variant="subtle"
              color="red"
              size="sm"
              aria-label={t('files.remove', { name: f.fileName })}
              loading={remove.isPending && remove.variables?.id === f.id}
              onClick={() => {
                setLocalError(null);
                upload.reset();
                remove.mutate(
                  { lessonId: lesson.id, id: f.id },
                  { onSuccess: () => setFiles((list) => list.filter((x) => x.id !== f.id)) },
                );
              }}
              data-testid="homework-file-remove"
            >
              <IconTrash size={14} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {!readOnly && (
        <>
          <div>
            <FileButton onChange={onFile} accept={ACCEPT}>
              {(props) => (
                <Button
                  {...props}
                  size="xs"
                  variant="light"
                  leftSection={<IconPaperclip size={14} />}
                  loading={upload.isPending}
                  disabled={files.length >= limits.maxFiles}
                  data-testid="homework-file-add"
                >
                  {t('files.add')}
                </Button>
              )}
            </FileButton>
          </div>
          <Text size="xs" c="dimmed" data-testid="homework-file-limits">
            {t('files.limits', { n: limits.maxFiles, size: size(limits.maxFileBytes) })}
          </Text>
        </>
      )}
      {error && (
        <Alert color="red" p="xs" data-testid="homework-file-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
