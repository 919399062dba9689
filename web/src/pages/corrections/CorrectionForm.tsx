import { GENDERS, type Gender } from '@common/enums.js';
import { type CheckedData, type CorrectionValues, zCorrectionCreate } from '@common/schemas/registration.js';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyCorrection } from '../../api/registration.js';
import { useFileCorrection } from '../../api/registration.js';
import { errorMessage } from '../../components/notify.js';
import { type FieldErrors, serverFieldErrors, zodFieldErrors } from '../../lib/formErrors.js';

/**
 * "Something in my data is wrong": the five checked fields prefilled with what is stored; only the changed
 * ones go to the administrators, with an optional comment (user agreement 3.2).
 */
export function CorrectionForm({
  person,
  onSent,
  onCancel,
}: {
  person: CheckedData;
  onSent: (request: MyCorrection) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(['registration', 'enums']);
  const file = useFileCorrection();
  const [surname, setSurname] = useState(person.surname);
  const [firstName, setFirstName] = useState(person.firstName);
  const [patronymic, setPatronymic] = useState(person.patronymic ?? '');
  const [noPatronymic, setNoPatronymic] = useState(person.patronymic === null);
  const [birthDate, setBirthDate] = useState(person.birthDate);
  const [gender, setGender] = useState<Gender>(person.gender);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const proposed: CorrectionValues = {};
    if (surname.trim() !== person.surname) proposed.surname = surname;
    if (firstName.trim() !== person.firstName) proposed.firstName = firstName;
    const newPatronymic = noPatronymic ? null : patronymic.trim() || null;
    if (newPatronymic !== person.patronymic) proposed.patronymic = newPatronymic;
    if (birthDate !== person.birthDate) proposed.birthDate = birthDate;
    if (gender !== person.gender) proposed.gender = gender;
    if (Object.keys(proposed).length === 0) {
      setErrors({ _: t('wizard.correction.nothingChanged') });
      return;
    }
    const parsed = zCorrectionCreate.safeParse({ proposed, ...(comment.trim() ? { comment } : {}) });
    if (!parsed.success) {
      // Issues of the nested `proposed` object name the field one level down.
      const out: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] === 'proposed' ? (issue.path[1] ?? '_') : (issue.path[0] ?? '_'));
        out[field] ??= issue.message.startsWith('errors:') ? t(issue.message) : t('errors:validation.invalid');
      }
      setErrors(Object.keys(out).length ? out : zodFieldErrors(parsed.error, t));
      return;
    }
    setErrors({});
    file.mutate(parsed.data, {
      onSuccess: onSent,
      onError: (error) => {
        const fields = serverFieldErrors(error);
        setErrors(Object.keys(fields).length > 0 ? fields : { _: errorMessage(error) });
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="correction-form">
      <Stack gap="sm">
        <div>
          <Text fw={600}>{t('wizard.correction.title')}</Text>
          <Text size="sm" c="dimmed">
            {t('wizard.correction.hint')}
          </Text>
        </div>
        {errors._ && (
          <Alert color="red" data-testid="correction-error">
            {errors._}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('fields.surname')}
            value={surname}
            onChange={(e) => setSurname(e.currentTarget.value)}
            error={errors.surname}
            data-testid="correction-surname"
          />
          <TextInput
            label={t('fields.firstName')}
            value={firstName}
            onChange={(e) => setFirstName(e.currentTarget.value)}
            error={errors.firstName}
            data-testid="correction-first-name"
          />
          <Stack gap={4}>
            <TextInput
              label={t('fields.patronymic')}
              value={noPatronymic ? '' : patronymic}
              disabled={noPatronymic}
              onChange={(e) => setPatronymic(e.currentTarget.value)}
              error={errors.patronymic}
              data-testid="correction-patronymic"
            />
            <Checkbox
              size="xs"
              label={t('wizard.correction.noPatronymic')}
              checked={noPatronymic}
              onChange={(e) => setNoPatronymic(e.currentTarget.checked)}
            />
          </Stack>
          <TextInput
            type="date"
            label={t('fields.birthDate')}
            value={birthDate}
            onChange={(e) => setBirthDate(e.currentTarget.value)}
            error={errors.birthDate}
            data-testid="correction-birth-date"
          />
          <NativeSelect
            label={t('fields.gender')}
            data={GENDERS.map((g) => ({ value: g, label: t(`enums:gender.${g}`) }))}
            value={gender}
            onChange={(e) => setGender(e.currentTarget.value as Gender)}
            error={errors.gender}
            data-testid="correction-gender"
          />
        </SimpleGrid>
        <Textarea
          label={t('wizard.correction.comment')}
          placeholder={t('wizard.correction.commentPlaceholder')}
          autosize
          minRows={2}
          maxRows={6}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={errors.comment}
          data-testid="correction-comment"
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel} data-testid="correction-cancel">
            {t('wizard.correction.cancel')}
          </Button>
          <Button type="submit" loading={file.isPending} data-testid="correction-submit">
            {t('wizard.correction.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
