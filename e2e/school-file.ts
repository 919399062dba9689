import ExcelJS from 'exceljs';
import { makeIin } from './helpers.js';

/**
 * A school's own list of pupils and parents as an XLSX, in the shape schools keep one: a title line, Russian
 * column headers the way a secretary types them («ИИН ребёнка», «Кем приходится», a «№» column the import
 * ignores), dates as date cells, IINs as text, one parent row under each pupil. Deterministic: the same
 * arguments give the same people.
 */

export interface SchoolFilePerson {
  /** The row's number in the file (the title is row 1, the headers row 2). */
  rowNumber: number;
  role: 'student' | 'parent';
  surname: string;
  firstName: string;
  patronymic: string;
  birthDate: string;
  gender: 'male' | 'female';
  iin: string;
  /** «6 Б» for a pupil, the child's class for a parent. */
  className: string;
  /** The pupil's row, for a parent. */
  childRow?: number;
}

export interface SchoolFile {
  bytes: Buffer;
  people: SchoolFilePerson[];
  classes: string[];
  /** The parent row whose IIN has a wrong check digit, and the IIN it should have. */
  bad: { person: SchoolFilePerson; wrongIin: string };
}

const SURNAMES: Array<[string, string]> = [
  ['Ахметов', 'Ахметова'],
  ['Сейітов', 'Сейітова'],
  ['Жұмабеков', 'Жұмабекова'],
  ['Нұрланов', 'Нұрланова'],
  ['Оспанов', 'Оспанова'],
  ['Қасенов', 'Қасенова'],
  ['Төлегенов', 'Төлегенова'],
  ['Мұқанов', 'Мұқанова'],
  ['Бекмұратов', 'Бекмұратова'],
  ['Әбенов', 'Әбенова'],
  ['Ғалымжанов', 'Ғалымжанова'],
  ['Иванов', 'Иванова'],
  ['Смирнов', 'Смирнова'],
  ['Ким', 'Ким'],
  ['Ержанов', 'Ержанова'],
  ['Үсенов', 'Үсенова'],
  ['Құрманов', 'Құрманова'],
];
const BOYS = [
  'Нұрсұлтан',
  'Әлихан',
  'Ерасыл',
  'Темірлан',
  'Арман',
  'Ілияс',
  'Дамир',
  'Артём',
  'Санжар',
  'Өмірзақ',
  'Жәнібек',
];
const GIRLS = ['Аружан', 'Әйгерім', 'Інжу', 'Мадина', 'Айша', 'Томирис', 'Дарья', 'Ұлжан', 'Сабина', 'Нұрай', 'Жансая'];
const FATHERS = ['Серік', 'Бақыт', 'Ғалым', 'Қайрат', 'Нұрлан', 'Ержан', 'Асқар', 'Марат', 'Дәурен', 'Талғат'];
const MOTHERS = ['Гүлнар', 'Әсел', 'Жанар', 'Сәуле', 'Динара', 'Айгүл', 'Ләззат', 'Роза', 'Мөлдір', 'Индира'];

const pad = (n: number) => String(n).padStart(2, '0');
/** A valid calendar date of `year` picked by `n` (day 1–28, so every month has it). */
const dateOf = (year: number, n: number) => `${year}-${pad((n % 12) + 1)}-${pad((n % 28) + 1)}`;
const asCell = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** The same IIN with another check digit: still 12 digits, no longer valid. */
function breakCheckDigit(iin: string): string {
  const last = Number(iin.at(-1));
  return `${iin.slice(0, 11)}${(last + 5) % 10}`;
}

/**
 * `classes` (e.g. ['6 Б', '6 В', …]) × `perClass` pupils, each followed by one parent (mother or father,
 * alternately). The parent of the pupil at `badIndex` gets an IIN whose check digit is wrong.
 */
export async function schoolFile(opts: {
  classes: string[];
  perClass: number;
  /** Language of instruction per class letter, as the file writes it («казахский», «русский»). */
  languageOf: (className: string) => string;
  badIndex: number;
  serialBase?: number;
}): Promise<SchoolFile> {
  const { classes, perClass, languageOf, badIndex, serialBase = 7000 } = opts;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Школа-лицей № 1';
  const sheet = workbook.addWorksheet('Контингент');
  sheet.addRow(['Контингент учащихся 6–8 классов и их родителей, 2026–2027 учебный год']);
  sheet.addRow([
    '№',
    'Роль',
    'Фамилия',
    'Имя',
    'Отчество',
    'Дата рождения',
    'Пол',
    'ИИН',
    'Класс',
    'Язык обучения',
    'Телефон',
    'ИИН ребёнка',
    'Кем приходится',
  ]);
  sheet.getRow(2).font = { bold: true };
  sheet.getColumn(6).numFmt = 'dd.mm.yyyy';
  sheet.getColumn(8).numFmt = '@';
  sheet.getColumn(12).numFmt = '@';

  const people: SchoolFilePerson[] = [];
  let bad: SchoolFile['bad'] | null = null;
  let index = 0;
  for (const className of classes) {
    const grade = Number(className.split(' ')[0]);
    for (let k = 0; k < perClass; k++, index++) {
      const family = SURNAMES[(index * 7) % SURNAMES.length]!;
      const girl = index % 2 === 1;
      const father = FATHERS[(index * 3) % FATHERS.length]!;
      // Born in the year a pupil of this grade is (grade 6 in 2026–27: born 2014 or early 2015).
      const childBirth = dateOf(2020 - grade, index);
      const child: SchoolFilePerson = {
        rowNumber: 3 + index * 2,
        role: 'student',
        surname: girl ? family[1] : family[0],
        firstName: (girl ? GIRLS : BOYS)[index % 11]!,
        patronymic: `${father}${girl ? 'қызы' : 'ұлы'}`,
        birthDate: childBirth,
        gender: girl ? 'female' : 'male',
        iin: makeIin(childBirth, girl ? 'female' : 'male', serialBase + index * 3),
        className,
      };
      const mother = index % 3 !== 0;
      const parentBirth = dateOf(1978 + (index % 12), index + 5);
      const parent: SchoolFilePerson = {
        rowNumber: child.rowNumber + 1,
        role: 'parent',
        surname: mother ? family[1] : family[0],
        firstName: mother ? MOTHERS[index % MOTHERS.length]! : father,
        patronymic: mother
          ? `${FATHERS[(index + 4) % FATHERS.length]}қызы`
          : `${FATHERS[(index + 2) % FATHERS.length]}ұлы`,
        birthDate: parentBirth,
        gender: mother ? 'female' : 'male',
        iin: makeIin(parentBirth, mother ? 'female' : 'male', serialBase + 2000 + index * 3),
        className,
        childRow: child.rowNumber,
      };
      people.push(child, parent);
      const parentIin = index === badIndex ? breakCheckDigit(parent.iin) : parent.iin;
      if (index === badIndex) bad = { person: parent, wrongIin: parentIin };
      const phone = `+7 70${index % 10} ${String(1_000_000 + index * 7919).slice(-7)}`;
      sheet.addRow([
        index * 2 + 1,
        'ученик',
        child.surname,
        child.firstName,
        child.patronymic,
        asCell(child.birthDate),
        girl ? 'жен' : 'муж',
        child.iin,
        className,
        languageOf(className),
        '',
        '',
        '',
      ]);
      sheet.addRow([
        index * 2 + 2,
        'родитель',
        parent.surname,
        parent.firstName,
        parent.patronymic,
        asCell(parent.birthDate),
        mother ? 'жен' : 'муж',
        parentIin,
        '',
        '',
        phone,
        child.iin,
        mother ? 'мать' : 'отец',
      ]);
    }
  }
  if (!bad) throw new Error('badIndex is outside the file');
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return { bytes, people, classes, bad };
}
