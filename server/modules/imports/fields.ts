import { LOCALES } from '@common/enums.js';
import { resources } from '@common/i18n/index.js';
import { PEOPLE_FIELDS, type PeopleField } from '@common/schemas/imports.js';

/**
 * Which field a file's column holds, from its header text, in Kazakh, Russian or English — the template's own
 * headers and the variants schools' own lists use («Фамилия», «Тегі», «ФИО», «Аты-жөні», «ЖСН»…).
 */

/** Lowercase, ё→е, punctuation and bracketed hints («Туған күні (КК.АА.ЖЖЖЖ)») dropped, spaces collapsed. */
export function normalizeHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/[*:.,;"'«»№#]/g, ' ')
    .replace(/[\s_\-–—/]+/g, ' ')
    .trim();
}

const SYNONYMS: Record<PeopleField, string[]> = {
  role: ['роль', 'рөлі', 'рөл', 'role', 'тип', 'type', 'категория', 'санаты', 'кім'],
  surname: ['фамилия', 'тегі', 'тек', 'surname', 'last name', 'lastname', 'family name', 'familyname'],
  firstName: ['имя', 'аты', 'есімі', 'first name', 'firstname', 'given name', 'givenname'],
  patronymic: ['отчество', 'әкесінің аты', 'patronymic', 'middle name', 'middlename'],
  fullName: ['фио', 'ф и о', 'аты жөні', 'тегі аты жөні', 'толық аты жөні', 'full name', 'fullname'],
  birthDate: ['дата рождения', 'туған күні', 'туылған күні', 'birth date', 'birthdate', 'date of birth', 'dob', 'д р'],
  gender: ['пол', 'жынысы', 'жыныс', 'gender', 'sex'],
  iin: ['иин', 'жсн', 'iin', 'иин ученика', 'оқушының жсн'],
  class: ['класс', 'сынып', 'class', 'литер', 'класс литер'],
  language: [
    'язык обучения',
    'язык',
    'оқыту тілі',
    'тіл',
    'тілі',
    'language',
    'language of instruction',
    'язык класса',
  ],
  externalId: [
    'внешний id',
    'внешний идентификатор',
    'сыртқы id',
    'сыртқы идентификатор',
    'external id',
    'externalid',
    'id',
    'sourcedid',
    'код',
    'табельный номер',
  ],
  email: ['e mail', 'email', 'эл почта', 'электронная почта', 'электрондық пошта', 'почта', 'пошта'],
  phone: ['телефон', 'тел', 'phone', 'mobile', 'мобильный телефон', 'ұялы телефон'],
  parentOf: [
    'родитель для',
    'ребенок',
    'ребенок иин',
    'иин ребенка',
    'чей родитель',
    'бала',
    'баланың жсн',
    'кімнің ата анасы',
    'parent of',
    'child',
    'child iin',
  ],
  relation: [
    'родство',
    'степень родства',
    'кем приходится',
    'туыстығы',
    'кім болып келеді',
    'relation',
    'relationship',
  ],
};

/** Every header text → field: the synonyms above and the template's column titles in all three languages. */
const HEADER_INDEX: Map<string, PeopleField> = (() => {
  const index = new Map<string, PeopleField>();
  for (const locale of LOCALES) {
    const columns = (resources[locale].imports as { columns?: Record<string, string> }).columns ?? {};
    for (const field of PEOPLE_FIELDS) {
      const title = columns[field];
      if (title) index.set(normalizeHeader(title), field);
    }
  }
  for (const field of PEOPLE_FIELDS) for (const s of SYNONYMS[field]) index.set(normalizeHeader(s), field);
  return index;
})();

export const fieldOfHeader = (header: string): PeopleField | null => HEADER_INDEX.get(normalizeHeader(header)) ?? null;
export const isKnownHeader = (header: string) => fieldOfHeader(header) !== null;

/**
 * The automatic mapping: each column gets the field its header names, the first column naming a field wins,
 * and a «ФИО» column is only used when there is no surname column.
 */
export function autoMapping(headers: string[]): Array<PeopleField | null> {
  const taken = new Set<PeopleField>();
  const columns = headers.map((h) => {
    const field = fieldOfHeader(h);
    if (!field || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
  if (taken.has('surname') && taken.has('fullName')) return columns.map((f) => (f === 'fullName' ? null : f));
  return columns;
}

/** A row's values by field from its cells, then the user's fixes on top. */
export function rowValues(
  cells: string[],
  columns: ReadonlyArray<PeopleField | null>,
  overrides: Partial<Record<PeopleField, string>> = {},
): Partial<Record<PeopleField, string>> {
  const values: Partial<Record<PeopleField, string>> = {};
  columns.forEach((field, i) => {
    if (field && values[field] === undefined) values[field] = cells[i] ?? '';
  });
  return { ...values, ...overrides };
}
