import { TextInput } from '@mantine/core';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../lib/formErrors.js';

export interface NamesValue {
  nameKk: string;
  nameRu: string;
  nameEn: string;
  code: string;
}

export const emptyNames: NamesValue = { nameKk: '', nameRu: '', nameEn: '', code: '' };

/** The three official names (an institution is named in each language, not translated on the fly) and the code. */
export function InstitutionFields({
  value,
  onChange,
  errors,
}: {
  value: NamesValue;
  onChange: (next: NamesValue) => void;
  errors: FieldErrors;
}) {
  const { t } = useTranslation('institutions');
  const field = (name: keyof NamesValue) => ({
    value: value[name],
    error: errors[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) => onChange({ ...value, [name]: e.currentTarget.value }),
  });
  return (
    <>
      <TextInput label={t('form.nameKk')} lang="kk" required data-testid="institution-name-kk" {...field('nameKk')} />
      <TextInput label={t('form.nameRu')} lang="ru" required data-testid="institution-name-ru" {...field('nameRu')} />
      <TextInput label={t('form.nameEn')} lang="en" required data-testid="institution-name-en" {...field('nameEn')} />
      <TextInput
        label={t('form.code')}
        description={t('form.codeHint')}
        data-testid="institution-code"
        {...field('code')}
      />
    </>
  );
}
