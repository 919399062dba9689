import { type Kysely, sql } from 'kysely';

/**
 * The Ministry's school calendars (kz-school-rules.md §2.1) as reference data: a school creates its year by
 * copying one of them, then adjusts its copy. A new year's calendar is a new migration with rows like these,
 * never code.
 *
 * - Quarters are the teaching stretches between the breaks: a quarter ends the day before a break starts and
 *   the next one starts the day after it ends (8 + 8 + 10 + 8 weeks). Half-years: quarters 1–2 and 3–4.
 * - Breaks: autumn, winter, spring, and grade 1's extra February week (`grades` {1}).
 * - Holidays: the days off of the Law «О праздниках» (No. 267 of 13.12.2001) inside the school year, with
 *   Constitution Day on 15 March from 2026 (kz-school-rules §2.1, single source). A holiday falling on a
 *   Saturday or Sunday moves the day off to the next working day (Labour Code art. 85; not for religious
 *   holidays): those moved days are listed too, except where a break already covers them. Kurban Ait is set
 *   by the government each year and is not in these rows; a school adds it to its own year.
 */

/** [startYear, startsOn, endsOn, source] */
const TEMPLATES: Array<[number, string, string, string]> = [
  [
    2025,
    '2025-09-01',
    '2026-05-25',
    'Order of the Minister of Enlightenment of 05.08.2025 (alau.kz 14.08.2025; orda.kz); classes from 02.09.2025',
  ],
  [2026, '2026-09-01', '2027-05-25', 'Order 213-НҚ of 29.07.2026 (adilet G26HP000213), via KRM schedule.mjs'],
];

/** [startYear, kind, number, startsOn, endsOn] */
const PERIODS: Array<[number, 'quarter' | 'half_year', number, string, string]> = [
  [2025, 'quarter', 1, '2025-09-01', '2025-10-26'],
  [2025, 'quarter', 2, '2025-11-03', '2025-12-28'],
  [2025, 'quarter', 3, '2026-01-08', '2026-03-18'],
  [2025, 'quarter', 4, '2026-03-30', '2026-05-25'],
  [2025, 'half_year', 1, '2025-09-01', '2025-12-28'],
  [2025, 'half_year', 2, '2026-01-08', '2026-05-25'],

  [2026, 'quarter', 1, '2026-09-01', '2026-10-25'],
  [2026, 'quarter', 2, '2026-11-02', '2026-12-27'],
  [2026, 'quarter', 3, '2027-01-11', '2027-03-21'],
  [2026, 'quarter', 4, '2027-03-29', '2027-05-25'],
  [2026, 'half_year', 1, '2026-09-01', '2026-12-27'],
  [2026, 'half_year', 2, '2027-01-11', '2027-05-25'],
];

type Kind = 'holiday' | 'break';
/** [startYear, id, kind, startsOn, endsOn, grades (null = all), kk, ru, en] */
type DayOff = [number, number, Kind, string, string, number[] | null, string, string, string];

const AUTUMN = ['Күзгі демалыс', 'Осенние каникулы', 'Autumn break'] as const;
const WINTER = ['Қысқы демалыс', 'Зимние каникулы', 'Winter break'] as const;
const SPRING = ['Көктемгі демалыс', 'Весенние каникулы', 'Spring break'] as const;
const GRADE1 = [
  '1-сынып оқушыларына қосымша демалыс',
  'Дополнительные каникулы для первоклассников',
  'Extra break for grade 1',
] as const;
const REPUBLIC = ['Республика күні', 'День Республики', 'Republic Day'] as const;
const INDEPENDENCE = ['Тәуелсіздік күні', 'День Независимости', 'Independence Day'] as const;
const NEW_YEAR = ['Жаңа жыл', 'Новый год', 'New Year'] as const;
const CHRISTMAS = ['Православиелік Рождество', 'Православное Рождество', 'Orthodox Christmas'] as const;
const WOMEN = ['Халықаралық әйелдер күні', 'Международный женский день', "International Women's Day"] as const;
const CONSTITUTION = ['Конституция күні', 'День Конституции', 'Constitution Day'] as const;
const NAURYZ = ['Наурыз мейрамы', 'Праздник Наурыз', 'Nauryz'] as const;
const UNITY = [
  'Қазақстан халқының бірлігі мерекесі',
  'Праздник единства народа Казахстана',
  'Unity Day of the People of Kazakhstan',
] as const;
const DEFENDER = ['Отан қорғаушы күні', 'День защитника Отечества', 'Defender of the Fatherland Day'] as const;
const VICTORY = ['Жеңіс күні', 'День Победы', 'Victory Day'] as const;
/** A day off moved from a holiday that fell on a weekend. */
const moved = (kk: string, ru: string, en: string) =>
  [`Демалыс күні (${kk} ауыстырылған)`, `Выходной день (перенос с ${ru})`, `Day off (moved from ${en})`] as const;

const DAYS_OFF: DayOff[] = [
  // 2025–26: classes from 2 September, Constitution Day (Saturday 30 August) moved to Monday 1 September.
  [2025, 1, 'holiday', '2025-09-01', '2025-09-01', null, ...moved('30 тамыздан', '30 августа', '30 August')],
  [2025, 2, 'holiday', '2025-10-25', '2025-10-25', null, ...REPUBLIC],
  [2025, 3, 'break', '2025-10-27', '2025-11-02', null, ...AUTUMN],
  [2025, 4, 'holiday', '2025-12-16', '2025-12-16', null, ...INDEPENDENCE],
  [2025, 5, 'break', '2025-12-29', '2026-01-07', null, ...WINTER],
  [2025, 6, 'holiday', '2026-01-01', '2026-01-02', null, ...NEW_YEAR],
  [2025, 7, 'holiday', '2026-01-07', '2026-01-07', null, ...CHRISTMAS],
  [2025, 8, 'break', '2026-02-09', '2026-02-15', [1], ...GRADE1],
  [2025, 9, 'holiday', '2026-03-08', '2026-03-08', null, ...WOMEN],
  [2025, 10, 'holiday', '2026-03-09', '2026-03-09', null, ...moved('8 наурыздан', '8 марта', '8 March')],
  [2025, 11, 'holiday', '2026-03-15', '2026-03-15', null, ...CONSTITUTION],
  [2025, 12, 'holiday', '2026-03-16', '2026-03-16', null, ...moved('15 наурыздан', '15 марта', '15 March')],
  [2025, 13, 'break', '2026-03-19', '2026-03-29', null, ...SPRING],
  [2025, 14, 'holiday', '2026-03-21', '2026-03-23', null, ...NAURYZ],
  [2025, 15, 'holiday', '2026-05-01', '2026-05-01', null, ...UNITY],
  [2025, 16, 'holiday', '2026-05-07', '2026-05-07', null, ...DEFENDER],
  [2025, 17, 'holiday', '2026-05-09', '2026-05-09', null, ...VICTORY],
  [2025, 18, 'holiday', '2026-05-11', '2026-05-11', null, ...moved('9 мамырдан', '9 мая', '9 May')],

  // 2026–27 (Constitution Day's old date, 30 August, is before the year starts).
  [2026, 1, 'holiday', '2026-10-25', '2026-10-25', null, ...REPUBLIC],
  [2026, 2, 'break', '2026-10-26', '2026-11-01', null, ...AUTUMN],
  [2026, 3, 'holiday', '2026-12-16', '2026-12-16', null, ...INDEPENDENCE],
  [2026, 4, 'break', '2026-12-28', '2027-01-10', null, ...WINTER],
  [2026, 5, 'holiday', '2027-01-01', '2027-01-02', null, ...NEW_YEAR],
  [2026, 6, 'holiday', '2027-01-07', '2027-01-07', null, ...CHRISTMAS],
  [2026, 7, 'break', '2027-02-08', '2027-02-14', [1], ...GRADE1],
  [2026, 8, 'holiday', '2027-03-08', '2027-03-08', null, ...WOMEN],
  [2026, 9, 'holiday', '2027-03-15', '2027-03-15', null, ...CONSTITUTION],
  [2026, 10, 'holiday', '2027-03-21', '2027-03-23', null, ...NAURYZ],
  [2026, 11, 'break', '2027-03-22', '2027-03-28', null, ...SPRING],
  [2026, 12, 'holiday', '2027-05-01', '2027-05-01', null, ...UNITY],
  [2026, 13, 'holiday', '2027-05-03', '2027-05-03', null, ...moved('1 мамырдан', '1 мая', '1 May')],
  [2026, 14, 'holiday', '2027-05-07', '2027-05-07', null, ...DEFENDER],
  [2026, 15, 'holiday', '2027-05-09', '2027-05-09', null, ...VICTORY],
  [2026, 16, 'holiday', '2027-05-10', '2027-05-10', null, ...moved('9 мамырдан', '9 мая', '9 May')],
];

/** smallint[] as its text form, so both drivers pass it the same way. */
const gradesLiteral = (grades: number[] | null) => (grades ? `{${grades.join(',')}}` : null);

export async function up(db: Kysely<unknown>): Promise<void> {
  // A day off copied from the national calendar keeps its three names, so everyone reads it in their own
  // language; `name` stays the school's own wording (the only one for days the school adds itself).
  await sql`
    alter table days_off
      add column name_kk text check (length(name_kk) between 1 and 200),
      add column name_ru text check (length(name_ru) between 1 and 200),
      add column name_en text check (length(name_en) between 1 and 200)`.execute(db);

  await sql`
    insert into calendar_templates (start_year, starts_on, ends_on, source)
    values ${sql.join(TEMPLATES.map(([y, s, e, src]) => sql`(${y}, ${s}::date, ${e}::date, ${src})`))}`.execute(db);
  await sql`
    insert into calendar_template_periods (start_year, kind, number, starts_on, ends_on)
    values ${sql.join(PERIODS.map(([y, k, n, s, e]) => sql`(${y}, ${k}, ${n}, ${s}::date, ${e}::date)`))}`.execute(db);
  await sql`
    insert into calendar_template_days_off (start_year, id, kind, starts_on, ends_on, grades, name_kk, name_ru, name_en)
    values ${sql.join(
      DAYS_OFF.map(
        ([y, id, k, s, e, g, kk, ru, en]) =>
          sql`(${y}, ${id}, ${k}, ${s}::date, ${e}::date, ${gradesLiteral(g)}::smallint[], ${kk}, ${ru}, ${en})`,
      ),
    )}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from calendar_templates where start_year in (2025, 2026)`.execute(db);
  await sql`alter table days_off drop column name_kk, drop column name_ru, drop column name_en`.execute(db);
}
