import { type Gender, LOCALES, type Locale, type Relation } from '@common/enums.js';
import { resources } from '@common/i18n/index.js';
import { parseIin } from '@common/iin.js';
import type { ImportRole, PeopleField } from '@common/schemas/imports.js';
import { zEmail, zName, zPhone } from '@common/schemas/primitives.js';
import { AppError } from '../../errors.js';
import { checkBirthDate, checkIinAgrees } from '../persons/person.rules.js';

/**
 * One row's text values → a checked person record, or the row's problems (each naming its field). The checks
 * are the persons module's own (names, IIN check digit and agreement with birth date and sex, birth-date range),
 * so an imported person passes exactly what adding one by hand passes.
 */
export interface RowProblem {
  field: PeopleField | null;
  /** i18n key in the `errors` namespace. */
  code: string;
}

export interface ClassLabel {
  grade: number;
  letter: string;
}

export interface PersonRecord {
  role: ImportRole;
  surname: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  gender: Gender;
  iin: string | null;
  classLabel: ClassLabel | null;
  /** Language of instruction of the student's class (a 2–3 letter code). */
  language: string | null;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  /** Children (IIN or external id) of a parent row. */
  parentOf: string[];
  relation: Relation | null;
}

/** Lowercased, ё→е, spaces collapsed, for comparing words. */
const word = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

const ROLE_WORDS: Record<ImportRole, string[]> = {
  student: ['student', 'pupil', 'ученик', 'ученица', 'учащийся', 'обучающийся', 'оқушы', 'студент', 'білім алушы'],
  parent: [
    'parent',
    'guardian',
    'родитель',
    'мать',
    'отец',
    'опекун',
    'законный представитель',
    'ата ана',
    'ата-ана',
    'ана',
    'әке',
    'заңды өкіл',
    'қамқоршы',
  ],
  teacher: ['teacher', 'учитель', 'педагог', 'преподаватель', 'мұғалім', 'оқытушы', 'классный руководитель'],
  staff: ['staff', 'employee', 'сотрудник', 'работник', 'администрация', 'қызметкер', 'әкімшілік', 'администратор'],
};
const GENDER_WORDS: Record<Gender, string[]> = {
  male: ['m', 'male', 'man', 'boy', 'м', 'муж', 'мужской', 'мужчина', 'е', 'ер', 'ер адам', 'ұл', 'ер бала'],
  female: ['f', 'female', 'woman', 'girl', 'ж', 'жен', 'женский', 'женщина', 'ә', 'әйел', 'қыз', 'қыз бала'],
};
const RELATION_WORDS: Record<Relation, string[]> = {
  mother: ['mother', 'mom', 'мать', 'мама', 'ана', 'анасы', 'апа'],
  father: ['father', 'dad', 'отец', 'папа', 'әке', 'әкесі'],
  guardian: ['guardian', 'опекун', 'попечитель', 'законный представитель', 'қамқоршы', 'заңды өкіл'],
  other: ['other', 'другое', 'родственник', 'басқа', 'туысы', 'relative'],
};
const LANGUAGE_WORDS: Record<string, string[]> = {
  kk: ['kk', 'kz', 'каз', 'қаз', 'казахский', 'қазақ', 'қазақша', 'қазақ тілі', 'kazakh'],
  ru: ['ru', 'рус', 'русский', 'орыс', 'орысша', 'орыс тілі', 'russian'],
  en: ['en', 'англ', 'английский', 'ағылшын', 'ағылшын тілі', 'english'],
  uz: ['uz', 'узбекский', 'өзбек', 'өзбек тілі', 'uzbek'],
  ug: ['ug', 'уйгурский', 'ұйғыр', 'ұйғыр тілі', 'uyghur'],
  tg: ['tg', 'таджикский', 'тәжік', 'тәжік тілі', 'tajik'],
};

/**
 * Word → value, from the lists above and the words the template and exports write in each language
 * (imports:values.*), so whatever Dapter writes it reads back.
 */
function index<K extends string>(table: Record<K, string[]>, group: string): Map<string, K> {
  const map = new Map<string, K>();
  for (const [key, words] of Object.entries(table) as Array<[K, string[]]>) {
    map.set(word(key), key);
    for (const w of words) map.set(word(w), key);
    for (const locale of LOCALES) {
      const values = (resources[locale].imports as { values?: Record<string, Record<string, string>> }).values;
      const label = values?.[group]?.[key];
      if (label) map.set(word(label), key);
    }
  }
  return map;
}
const ROLE_INDEX = index(ROLE_WORDS, 'role');
const GENDER_INDEX = index(GENDER_WORDS, 'gender');
const RELATION_INDEX = index(RELATION_WORDS, 'relation');
const LANGUAGE_INDEX = index(LANGUAGE_WORDS, 'language');
const lookup = <K extends string>(map: Map<string, K>, text: string): K | null =>
  map.get(word(text).replace(/\.$/, '')) ?? null;

export const parseRole = (text: string) => lookup(ROLE_INDEX, text);
export const parseGender = (text: string) => lookup(GENDER_INDEX, text);
export const parseRelation = (text: string) => lookup(RELATION_INDEX, text);
export const parseLanguage = (text: string) => lookup(LANGUAGE_INDEX, text);

const validDay = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * 'YYYY-MM-DD' from the ways dates reach a file: ISO (also with a time), DD.MM.YYYY (and / or - between),
 * and an Excel serial day number (a date cell saved without a date format). null when it is none of them.
 */
export function parseDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
  }
  m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
  }
  // 1900 date system: day 1 = 1900-01-01, with Excel's phantom 29 Feb 1900 (so count from 30 Dec 1899).
  if (/^\d{4,5}$/.test(t)) {
    const serial = Number(t);
    if (serial < 367 || serial > 73_050) return null;
    return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return null;
}

/**
 * Latin letters that look like Cyrillic ones: a class typed «5 A» on an English keyboard is the school's «5 А».
 * Kazakhstan's class letters are Cyrillic (kz-school-rules §2.3), so the look-alikes are folded.
 */
const LOOKALIKE: Record<string, string> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
};

/** «5 Ә», «5Ә», «5-Ә», «5 "А"», «10 «Б»», «5 a» → grade and upper-case letter(s); grade 0–12. */
export function parseClassLabel(text: string): ClassLabel | null {
  const m = /^(\d{1,2})\s*[-–]?\s*["«“']?\s*(\p{L}{1,2})\s*["»”']?\s*(?:класс|сынып|class)?$/iu.exec(text.trim());
  if (!m) return null;
  const grade = Number(m[1]);
  if (grade > 12) return null;
  const letter = [...m[2]!.toUpperCase()].map((c) => LOOKALIKE[c] ?? c).join('');
  return { grade, letter };
}
export const classLabelText = (c: ClassLabel) => `${c.grade} ${c.letter}`;

/** The IIN as digits: spaces dropped, and the leading zero a spreadsheet number cell lost (born 2000–2009). */
export function cleanIin(text: string): string {
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{11}$/.test(digits) ? `0${digits}` : digits;
}

/** «Ахметов Нұрлан Серікұлы» → surname, first name, patronymic (the rest of the words). */
export function splitFullName(text: string): { surname: string; firstName: string; patronymic: string } | null {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return null;
  return { surname: words[0]!, firstName: words[1]!, patronymic: words.slice(2).join(' ') };
}

/** Splits a parent's "children" cell: several IINs or external ids separated by commas, semicolons or spaces. */
export const splitRefs = (text: string) =>
  text
    .split(/[,;\s]+/)
    .map((r) => r.trim())
    .filter(Boolean);

const ruleCode = (rule: () => void): string | null => {
  try {
    rule();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
};

/** Checks one row; `day` is today (birth dates after it are refused). */
export function normalizeRow(
  values: Partial<Record<PeopleField, string>>,
  day: string,
): { record: PersonRecord | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const v = (f: PeopleField) => (values[f] ?? '').trim();
  const problem = (field: PeopleField | null, code: string) => problems.push({ field, code });

  const role = v('role') === '' ? null : parseRole(v('role'));
  if (v('role') === '') problem('role', 'imports.row.required');
  else if (!role) problem('role', 'imports.row.role');

  let surname = v('surname');
  let firstName = v('firstName');
  let patronymic = v('patronymic');
  let fullNameFailed = false;
  if (surname === '' && firstName === '' && v('fullName') !== '') {
    const split = splitFullName(v('fullName'));
    if (split) ({ surname, firstName, patronymic } = split);
    else {
      fullNameFailed = true;
      problem('fullName', 'imports.row.fullName');
    }
  }
  const name = (field: PeopleField, text: string, required: boolean) => {
    if (text === '') {
      if (required) problem(field, 'imports.row.required');
      return null;
    }
    const parsed = zName.safeParse(text);
    if (!parsed.success) {
      problem(field, 'validation.tooLong');
      return null;
    }
    return parsed.data.replace(/\s+/g, ' ');
  };
  const surnameOk = fullNameFailed ? null : name('surname', surname, true);
  const firstOk = fullNameFailed ? null : name('firstName', firstName, true);
  const patronymicOk = name('patronymic', patronymic, false);

  let iin: string | null = null;
  if (v('iin') !== '') {
    iin = cleanIin(v('iin'));
    if (!parseIin(iin)) {
      problem('iin', 'validation.iin');
      iin = null;
    }
  }
  const fromIin = iin ? parseIin(iin) : null;

  let birthDate: string | null = null;
  if (v('birthDate') !== '') {
    birthDate = parseDate(v('birthDate'));
    if (!birthDate) problem('birthDate', 'imports.row.date');
  } else if (fromIin) birthDate = fromIin.birthDate;
  else if (v('iin') === '') problem('birthDate', 'imports.row.required');

  let gender: Gender | null = null;
  if (v('gender') !== '') {
    gender = parseGender(v('gender'));
    if (!gender) problem('gender', 'imports.row.gender');
  } else if (fromIin) gender = fromIin.gender;
  else if (v('iin') === '') problem('gender', 'imports.row.required');

  if (birthDate) {
    const code = ruleCode(() => checkBirthDate(birthDate!, day));
    if (code) problem('birthDate', code);
  }
  if (iin && birthDate && gender) {
    const code = ruleCode(() => checkIinAgrees(iin, birthDate!, gender!));
    if (code) problem('iin', code);
  }

  let classLabel: ClassLabel | null = null;
  if (v('class') !== '' && role === 'student') {
    classLabel = parseClassLabel(v('class'));
    if (!classLabel) problem('class', 'imports.row.class');
  }
  let language: string | null = null;
  if (v('language') !== '') {
    language = parseLanguage(v('language'));
    if (!language) problem('language', 'imports.row.language');
  }
  const externalId = v('externalId') === '' ? null : v('externalId');
  if (externalId && externalId.length > 200) problem('externalId', 'validation.tooLong');

  let email: string | null = null;
  if (v('email') !== '') {
    const parsed = zEmail.safeParse(v('email'));
    if (parsed.success) email = parsed.data;
    else problem('email', 'validation.email');
  }
  let phone: string | null = null;
  if (v('phone') !== '') {
    const parsed = zPhone.safeParse(v('phone'));
    if (parsed.success) phone = parsed.data;
    else problem('phone', 'validation.phone');
  }

  const parentOf = splitRefs(v('parentOf')).map((r) => (/^\d{11,12}$/.test(r) ? cleanIin(r) : r));
  if (parentOf.length > 0 && role && role !== 'parent') problem('parentOf', 'imports.row.parentOfNotParent');
  if (parentOf.length > 20) problem('parentOf', 'validation.tooBig');
  let relation: Relation | null = null;
  if (v('relation') !== '') {
    relation = parseRelation(v('relation'));
    if (!relation) problem('relation', 'imports.row.relation');
  }

  if (problems.length > 0 || !role || !surnameOk || !firstOk || !birthDate || !gender) {
    return { record: null, problems };
  }
  return {
    record: {
      role,
      surname: surnameOk,
      firstName: firstOk,
      patronymic: patronymicOk,
      birthDate,
      gender,
      iin,
      classLabel,
      language,
      externalId,
      email,
      phone,
      parentOf,
      relation,
    },
    problems,
  };
}

/** The account language of a new person: the row's language when the UI has it, else the importer's. */
export const accountLocale = (record: PersonRecord, fallback: Locale): Locale =>
  record.language === 'kk' || record.language === 'ru' || record.language === 'en' ? record.language : fallback;
