import { iinCheckDigit } from '@common/iin.js';
import { describe, expect, it } from 'vitest';
import { parseBulkList, parseDate, parseGender, serverRowProblems } from './BulkListParser.js';

/** A valid IIN for a date (YYYY-MM-DD) and gender. */
function iinFor(date: string, gender: 'male' | 'female', serial = 123): string {
  const [y = '', m = '', d = ''] = date.split('-');
  const century = (Math.floor(Number(y) / 100) - 18) * 2 + (gender === 'male' ? 1 : 2);
  for (let s = serial; ; s++) {
    const first11 = `${y.slice(2)}${m}${d}${century}${String(s).padStart(4, '0')}`;
    const k = iinCheckDigit([...first11].map(Number));
    if (k !== null) return `${first11}${k}`;
  }
}

describe('parseDate / parseGender', () => {
  it('reads the ways people write them', () => {
    expect(parseDate('12.04.2015')).toBe('2015-04-12');
    expect(parseDate('2.4.2015')).toBe('2015-04-02');
    expect(parseDate('2015-04-12')).toBe('2015-04-12');
    expect(parseDate('12/04/2015')).toBe('2015-04-12');
    expect(parseDate('31.02.2015')).toBeNull();
    expect(parseDate('2015')).toBeNull();
    expect(['м', 'M', 'ер', 'Ер.', 'male', 'муж'].map(parseGender)).toEqual(Array(6).fill('male'));
    expect(['ж', 'F', 'әйел', 'Әйел', 'female', 'жен'].map(parseGender)).toEqual(Array(6).fill('female'));
    expect(parseGender('x')).toBeNull();
  });
});

describe('parseBulkList', () => {
  it('reads tab- and semicolon-separated lines, skips a header and blank lines', () => {
    const rows = parseBulkList(
      [
        'Тегі\tАты\tӘкесінің аты\tТуған күні\tЖынысы\tЖСН',
        'Сапарова\tАружан\tЕрланқызы\t12.04.2015\tж\t',
        '',
        ' Әлиев ; Нұрлан ; Серікұлы ; 2015-01-02 ; м ',
      ].join('\r\n'),
    );
    expect(rows.map((r) => [r.line, r.row, r.problems])).toEqual([
      [
        2,
        {
          surname: 'Сапарова',
          firstName: 'Аружан',
          patronymic: 'Ерланқызы',
          birthDate: '2015-04-12',
          gender: 'female',
          iin: null,
        },
        [],
      ],
      [
        4,
        {
          surname: 'Әлиев',
          firstName: 'Нұрлан',
          patronymic: 'Серікұлы',
          birthDate: '2015-01-02',
          gender: 'male',
          iin: null,
        },
        [],
      ],
    ]);
  });

  it('fills birth date and gender from a valid IIN, and reads columns by what they hold', () => {
    const iin = iinFor('2014-09-01', 'female');
    const [onlyIin, noPatronymic] = parseBulkList(`Қасымова;Дана;;;;${iin}\nЖұмабаев;Ерасыл;01.03.2014;ер`);
    expect(onlyIin!.row).toMatchObject({ patronymic: null, birthDate: '2014-09-01', gender: 'female', iin });
    expect(onlyIin!.fromIin).toBe(true);
    expect(onlyIin!.problems).toEqual([]);
    expect(noPatronymic!.row).toMatchObject({ patronymic: null, birthDate: '2014-03-01', gender: 'male' });
  });

  it('names each problem of each row', () => {
    const iin = iinFor('2014-09-01', 'female');
    const rows = parseBulkList(
      [
        `Бір;Екі;Үш;01.09.2014;м;${iin}`, // the IIN says female
        'Бір;;Үш;32.01.2014;x',
        `Төрт;Бес;;;;123456789012`,
        `Алты;Жеті;;;;${iin}`,
        `Сегіз;Тоғыз;;;;${iin}`, // the same IIN again
        `${'Ұ'.repeat(101)};Он;;01.01.2014;ж`,
      ].join('\n'),
    );
    const problems = rows.map((r) => r.problems.map((p) => `${p.field}:${p.key}`));
    expect(problems).toEqual([
      ['iin:errors:person.iinMismatch'],
      [
        'firstName:errors:validation.required',
        'birthDate:credentials:bulk.problem.date',
        'gender:credentials:bulk.problem.gender',
      ],
      ['iin:errors:validation.iin', 'birthDate:errors:validation.required', 'gender:errors:validation.required'],
      [],
      ['iin:errors:credentials.iinTwiceInList'],
      ['surname:errors:validation.tooLong'],
    ]);
  });

  it('maps the server’s row issues onto rows', () => {
    const byRow = serverRowProblems([
      { path: 'body.rows.3.iin', message: 'A' },
      { path: 'body.rows.3.birthDate', message: 'B' },
      { path: 'body.rows.3.birthDate', message: 'B' },
      { path: 'body.rows.0', message: 'C' },
      { path: 'body.institutionId', message: 'D' },
    ]);
    expect([...byRow]).toEqual([
      [
        3,
        [
          { field: 'iin', message: 'A' },
          { field: 'birthDate', message: 'B' },
        ],
      ],
      [0, [{ field: 'row', message: 'C' }]],
    ]);
  });
});
