import { zClassCreate, zClassUpdate } from '@common/schemas/classes.js';
import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ClassDetail, useCreateClass, useUpdateClass } from '../../api/classes.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { type FieldErrors, serverFieldErrors, zodFieldErrors } from '../../lib/formErrors.js';
import { fullName } from '../people/format.js';
import { GRADES, gradeLabel, languageOptions } from './labels.js';
import { PersonSelect } from './PersonSelect.js';

interface Props {
  opened: boolean;
  onClose: () => void;
  /** Creating: the year and how many shifts it has. Editing: the class. */
  yearId: number;
  shifts: number;
  editing?: ClassDetail | null;
  onSaved?: (id: number) => void;
}

/** Create a class or change one: grade, letter (any alphabet: «Ә»), language of instruction, shift, class teacher. */
export function ClassFormModal({ opened, onClose, yearId, shifts, editing, onSaved }: Props) {
  const { t } = useTranslation('classes');
  const create = useCreateClass();
  const update = useUpdateClass(editing?.id ?? 0);
  const [grade, setGrade] = useState('1');
  const [letter, setLetter] = useState('');
  const [language, setLanguage] = useState('kk');
  const [shift, setShift] = useState('1');
  const [teacher, setTeacher] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    if (!opened) return;
    setErrors({});
    setGrade(String(editing?.grade ?? 1));
    setLetter(editing?.letter ?? '');
    setLanguage(editing?.language ?? 'kk');
    setShift(String(editing?.shift ?? 1));
    setTeacher(editing?.classTeacher?.personId ?? null);
  }, [opened, editing]);

  const fields = {
    grade: Number(grade),
    letter,
    language,
    shift: Number(shift),
    classTeacherPersonId: teacher,
  };
  const done = (id: number) => {
    notifySuccess(t('form.saved'));
    onSaved?.(id);
    onClose();
  };
  const failed = (error: unknown) => {
    const fieldErrors = serverFieldErrors(error);
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length === 0) notifyError(error);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (editing) {
      const parsed = zClassUpdate.safeParse(fields);
      if (!parsed.success) return setErrors(zodFieldErrors(parsed.error, t));
      update.mutate(parsed.data, { onSuccess: () => done(editing.id), onError: failed });
      return;
    }
    const parsed = zClassCreate.safeParse({ yearId, ...fields });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error, t));
    create.mutate(parsed.data, { onSuccess: (c) => done(c.id), onError: failed });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={editing ? t('form.editTitle') : t('form.createTitle')} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <NativeSelect
              label={t('form.grade')}
              data={GRADES.map((g) => ({ value: String(g), label: g === 0 ? gradeLabel(t, 0) : String(g) }))}
              value={grade}
              onChange={(e) => setGrade(e.currentTarget.value)}
              error={errors.grade}
              data-testid="class-grade"
            />
            <TextInput
              label={t('form.letter')}
              description={t('form.letterHint')}
              value={letter}
              maxLength={2}
              onChange={(e) => setLetter(e.currentTarget.value)}
              error={errors.letter}
              required
              data-testid="class-letter"
            />
            <NativeSelect
              label={t('form.language')}
              data={languageOptions(t)}
              value={language}
              onChange={(e) => setLanguage(e.currentTarget.value)}
              error={errors.language}
              data-testid="class-language"
            />
            <NativeSelect
              label={t('form.shift')}
              data={Array.from({ length: Math.max(shifts, editing?.shift ?? 1) }, (_, i) => String(i + 1))}
              value={shift}
              onChange={(e) => setShift(e.currentTarget.value)}
              error={errors.shift}
              data-testid="class-shift"
            />
          </SimpleGrid>
          <PersonSelect
            label={t('form.classTeacher')}
            profile="school_employee"
            value={teacher}
            valueLabel={editing?.classTeacher ? fullName(editing.classTeacher) : null}
            onChange={setTeacher}
            placeholder={t('form.none')}
            clearable
            error={errors.classTeacherPersonId}
            data-testid="class-teacher"
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending} data-testid="class-submit">
              {editing ? t('form.save') : t('form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
