import { LOCALES, type Locale } from '@common/enums.js';
import { type AgreementDraft, zAgreementDraft } from '@common/schemas/agreements.js';
import { Alert, Button, Group, Modal, Stack, Tabs, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AgreementVersion, useCreateAgreementDraft } from '../../api/agreements.js';
import { errorMessage, notifySuccess } from '../../components/notify.js';
import i18n from '../../i18n.js';
import { serverFieldErrors } from '../../lib/formErrors.js';

type Texts = Record<Locale, string>;
const suffix = (l: Locale) => (l === 'kk' ? 'Kk' : l === 'ru' ? 'Ru' : 'En');

/** Our own text of version 1 in every language: the form starts from it when nothing is published yet. */
const templateText = (l: Locale) => i18n.getFixedT(l, 'registration')('agreementTemplate.text');

/**
 * A new draft: label, the summary of changes and the full text in kk/ru/en. The text starts as a copy of the
 * version in force (or of our template), so editing means changing only what changes.
 */
export function NewVersionModal({
  opened,
  onClose,
  base,
}: {
  opened: boolean;
  onClose: () => void;
  base: AgreementVersion | null;
}) {
  const { t } = useTranslation('registration');
  const create = useCreateAgreementDraft();
  const [label, setLabel] = useState('');
  const [text, setText] = useState<Texts>({ kk: '', ru: '', en: '' });
  const [changes, setChanges] = useState<Texts>({ kk: '', ru: '', en: '' });
  const [tab, setTab] = useState<Locale>('kk');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});

  useEffect(() => {
    if (!opened) return;
    setLabel('');
    setText(base ? { ...base.text } : { kk: templateText('kk'), ru: templateText('ru'), en: templateText('en') });
    setChanges({ kk: '', ru: '', en: '' });
    setErrors({});
  }, [opened, base]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, string> = { label };
    for (const l of LOCALES) {
      body[`text${suffix(l)}`] = text[l];
      body[`changes${suffix(l)}`] = changes[l];
    }
    const parsed = zAgreementDraft.safeParse(body);
    if (!parsed.success) {
      const out: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        out[field] ??= issue.message.startsWith('errors:') ? t(issue.message) : t('errors:validation.invalid');
      }
      setErrors(out);
      const bad = LOCALES.find((l) => out[`text${suffix(l)}`] || out[`changes${suffix(l)}`]);
      if (bad) setTab(bad);
      return;
    }
    create.mutate(parsed.data as AgreementDraft, {
      onSuccess: (v) => {
        notifySuccess(t('agreements.created', { label: v.label }));
        onClose();
      },
      onError: (error) => {
        const fields = serverFieldErrors(error);
        setErrors(Object.keys(fields).length > 0 ? fields : { _: errorMessage(error) });
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('agreements.form.title')} size="xl" fullScreen={false}>
      <form onSubmit={submit} noValidate data-testid="agreement-form">
        <Stack gap="sm">
          {errors._ && <Alert color="red">{errors._}</Alert>}
          <TextInput
            label={t('agreements.form.label')}
            description={t('agreements.form.labelHint')}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            error={errors.label}
            required
            data-testid="agreement-form-label"
          />
          <Tabs value={tab} onChange={(v) => v && setTab(v as Locale)}>
            <Tabs.List>
              {LOCALES.map((l) => (
                <Tabs.Tab key={l} value={l} data-testid={`agreement-form-tab-${l}`}>
                  {t(`enums:locale.${l}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {LOCALES.map((l) => (
              <Tabs.Panel key={l} value={l} pt="sm">
                <Stack gap="sm">
                  <Textarea
                    label={t('agreements.form.changes')}
                    description={t('agreements.form.changesHint')}
                    autosize
                    minRows={3}
                    maxRows={8}
                    value={changes[l]}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setChanges((c) => ({ ...c, [l]: value }));
                    }}
                    error={errors[`changes${suffix(l)}`]}
                    data-testid={`agreement-form-changes-${l}`}
                  />
                  <Textarea
                    label={t('agreements.form.text')}
                    autosize
                    minRows={8}
                    maxRows={20}
                    value={text[l]}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setText((c) => ({ ...c, [l]: value }));
                    }}
                    error={errors[`text${suffix(l)}`]}
                    required
                    data-testid={`agreement-form-text-${l}`}
                  />
                </Stack>
              </Tabs.Panel>
            ))}
          </Tabs>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('agreements.form.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="agreement-form-save">
              {t('agreements.form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
