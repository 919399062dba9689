import type { Database } from '../client.js';
import { DEMO_USERS } from './logins.js';
import type { DemoPerson } from './people.js';

/**
 * The demo's slice of the authority tree: Astana's city education department (from the migrations' reference
 * data, like the Ministry), two of its district departments and four schools under them — enough to try a
 * district's and the city's views and to see that one school's people cannot reach another's.
 */
const MINISTRY_ID = 1;
const ASTANA_REGION_ID = 19;

export type DemoInstitution =
  | 'ministry'
  | 'astana'
  | 'esil'
  | 'almaty'
  | 'school1'
  | 'school12'
  | 'school45'
  | 'school7';
export type DemoInstitutionIds = Record<DemoInstitution, number>;

/** Inserts the districts and schools (ids in this order); answers every demo institution's id. */
export async function seedAuthorityTree(trx: Database): Promise<DemoInstitutionIds> {
  const inst = async (
    parentId: number,
    kind: 'district' | 'school',
    kk: string,
    ru: string,
    en: string,
    code?: string,
  ) =>
    (
      await trx
        .insertInto('institutions')
        .values({ parentId, kind, nameKk: kk, nameRu: ru, nameEn: en, code: code ?? null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const esil = await inst(
    ASTANA_REGION_ID,
    'district',
    'Астана қаласы Есіл ауданының білім бөлімі',
    'Отдел образования района Есиль города Астаны',
    'Yesil District Education Department, Astana',
  );
  const almaty = await inst(
    ASTANA_REGION_ID,
    'district',
    'Астана қаласы Алматы ауданының білім бөлімі',
    'Отдел образования района Алматы города Астаны',
    'Almaty District Education Department, Astana',
  );
  return {
    ministry: MINISTRY_ID,
    astana: ASTANA_REGION_ID,
    esil,
    almaty,
    school1: await inst(esil, 'school', '№ 1 мектеп-лицей', 'Школа-лицей № 1', 'School-Lyceum No. 1', '010000001'),
    school12: await inst(
      esil,
      'school',
      '№ 12 жалпы орта білім беретін мектеп',
      'Общеобразовательная школа № 12',
      'Secondary School No. 12',
      '010000012',
    ),
    school45: await inst(almaty, 'school', '№ 45 гимназия', 'Гимназия № 45', 'Gymnasium No. 45', '010000045'),
    school7: await inst(
      esil,
      'school',
      '№ 7 мектеп-гимназия',
      'Школа-гимназия № 7',
      'School-Gymnasium No. 7',
      '010000007',
    ),
  };
}

/** The administrators of the Ministry, the city and the Yesil district. */
export const AUTHORITY_PEOPLE: DemoPerson[] = [
  {
    username: DEMO_USERS.ministryAdmin.username,
    surname: 'Мұратов',
    firstName: 'Бауыржан',
    patronymic: 'Серікұлы',
    birthDate: '1978-04-12',
    gender: 'male',
    institution: 'ministry',
    profile: 'ministry_employee',
    isAdmin: true,
    position: 'Бас сарапшы',
  },
  {
    username: DEMO_USERS.regionAdmin.username,
    surname: 'Ержанова',
    firstName: 'Гүлнар',
    patronymic: 'Әбдіқызы',
    birthDate: '1981-09-03',
    gender: 'female',
    institution: 'astana',
    profile: 'regional_employee',
    isAdmin: true,
  },
  {
    username: DEMO_USERS.districtAdmin.username,
    surname: 'Смағұлов',
    firstName: 'Данияр',
    birthDate: '1986-01-22',
    gender: 'male',
    institution: 'esil',
    profile: 'district_employee',
    isAdmin: true,
  },
];
