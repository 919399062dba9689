import { type Kysely, sql } from 'kysely';

/**
 * The Ministry and the 20 regional education authorities (17 oblasts and the three cities of republican
 * significance, as of June 2022). Reference data every deployment needs, so it lives in a migration, not in
 * the demo seed. Low ids are reserved for it; user-created institutions start at 1000.
 */
const REGIONS: Array<[number, string, string, string]> = [
  [2, 'Абай облысы', 'Область Абай', 'Abai Region'],
  [3, 'Ақмола облысы', 'Акмолинская область', 'Akmola Region'],
  [4, 'Ақтөбе облысы', 'Актюбинская область', 'Aktobe Region'],
  [5, 'Алматы облысы', 'Алматинская область', 'Almaty Region'],
  [6, 'Атырау облысы', 'Атырауская область', 'Atyrau Region'],
  [7, 'Батыс Қазақстан облысы', 'Западно-Казахстанская область', 'West Kazakhstan Region'],
  [8, 'Жамбыл облысы', 'Жамбылская область', 'Zhambyl Region'],
  [9, 'Жетісу облысы', 'Область Жетісу', 'Zhetysu Region'],
  [10, 'Қарағанды облысы', 'Карагандинская область', 'Karaganda Region'],
  [11, 'Қостанай облысы', 'Костанайская область', 'Kostanay Region'],
  [12, 'Қызылорда облысы', 'Кызылординская область', 'Kyzylorda Region'],
  [13, 'Маңғыстау облысы', 'Мангистауская область', 'Mangystau Region'],
  [14, 'Павлодар облысы', 'Павлодарская область', 'Pavlodar Region'],
  [15, 'Солтүстік Қазақстан облысы', 'Северо-Казахстанская область', 'North Kazakhstan Region'],
  [16, 'Түркістан облысы', 'Туркестанская область', 'Turkistan Region'],
  [17, 'Ұлытау облысы', 'Область Ұлытау', 'Ulytau Region'],
  [18, 'Шығыс Қазақстан облысы', 'Восточно-Казахстанская область', 'East Kazakhstan Region'],
  [19, 'Астана қаласы', 'город Астана', 'Astana city'],
  [20, 'Алматы қаласы', 'город Алматы', 'Almaty city'],
  [21, 'Шымкент қаласы', 'город Шымкент', 'Shymkent city'],
];

export const MINISTRY_ID = 1;
export const REGION_IDS: readonly number[] = REGIONS.map(([id]) => id);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into institutions (id, parent_id, kind, name_kk, name_ru, name_en, ancestors)
    values (${MINISTRY_ID}, null, 'ministry', 'Қазақстан Республикасы Оқу-ағарту министрлігі',
      'Министерство просвещения Республики Казахстан', 'Ministry of Enlightenment of the Republic of Kazakhstan',
      array[${MINISTRY_ID}]::bigint[])`.execute(db);
  for (const [id, kk, ru, en] of REGIONS) {
    await sql`
      insert into institutions (id, parent_id, kind, name_kk, name_ru, name_en, ancestors)
      values (${id}, ${MINISTRY_ID}, 'region', ${kk}, ${ru}, ${en}, array[${MINISTRY_ID}, ${id}]::bigint[])`.execute(
      db,
    );
  }
  await sql`select setval(pg_get_serial_sequence('institutions', 'id'), 999)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from institutions where id < 1000`.execute(db);
}
