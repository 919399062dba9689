/**
 * The weekly hours the generated schools teach, after the Typical Curricula (Order No. 500 as amended; the same
 * source as server/modules/classes/classes.demo.ts), in whole hours so every hour is a timetable slot, and
 * within each grade's lessons-per-day limit (academic_years.max_lessons_per_day: grade 1 — 4, grades 2–4 — 5,
 * grades 5–11 — 7, five days a week).
 */
type Hours = Record<string, number>;

function kkOrRu(language: string, kk: Hours, ru: Hours, common: Hours): Hours {
  return { ...(language === 'kk' ? kk : ru), ...common };
}

export function weeklyHours(grade: number, language: string): Hours {
  if (grade === 1) {
    return kkOrRu(
      language,
      { alippe_ana_tili: 6 },
      { literacy: 6, kazakh_language: 1 },
      {
        mathematics: 4,
        digital_literacy: 1,
        natural_science: 1,
        knowledge_of_world: 1,
        music: 1,
        artistic_work: 1,
        physical_education: 3,
      },
    ); // 18–19 h
  }
  if (grade <= 4) {
    return kkOrRu(
      language,
      { kazakh_language: 4, russian_language: 2 },
      { russian_language: 4, kazakh_language: 2 },
      {
        literary_reading: 2,
        english: 2,
        mathematics: 5,
        digital_literacy: 1,
        natural_science: 2,
        knowledge_of_world: 1,
        music: 1,
        artistic_work: 1,
        physical_education: 3,
      },
    ); // 24 h
  }
  if (grade <= 6) {
    return kkOrRu(
      language,
      { kazakh_language: 3, kazakh_literature: 2, russian_language_literature: 3 },
      { russian_language: 3, russian_literature: 2, kazakh_language_literature: 3 },
      {
        english: 3,
        mathematics: 5,
        informatics: 1,
        natural_science: 2,
        history_of_kazakhstan: 2,
        world_history: 1,
        music: 1,
        artistic_work: 2,
        physical_education: 3,
        self_knowledge: 1,
      },
    ); // 29 h
  }
  if (grade <= 9) {
    return kkOrRu(
      language,
      { kazakh_language: 2, kazakh_literature: 2, russian_language_literature: 2 },
      { russian_language: 2, russian_literature: 2, kazakh_language_literature: 2 },
      {
        english: 3,
        algebra: 3,
        geometry: 2,
        informatics: 1,
        physics: 2,
        chemistry: 2,
        biology: 2,
        geography: 2,
        history_of_kazakhstan: 2,
        world_history: 1,
        artistic_work: 1,
        physical_education: 3,
        ...(grade === 9 ? { basics_of_law: 1 } : {}),
      },
    ); // 30–31 h
  }
  return kkOrRu(
    language,
    { kazakh_language: 1, kazakh_literature: 2, russian_language_literature: 2 },
    { russian_language: 1, russian_literature: 2, kazakh_language_literature: 3 },
    {
      english: 2,
      algebra_analysis: 3,
      geometry: 2,
      informatics: 2,
      physics: 3,
      chemistry: 2,
      biology: 2,
      geography: 1,
      history_of_kazakhstan: 2,
      world_history: 1,
      basics_of_law: 1,
      nvp: 2,
      physical_education: 2,
    },
  ); // 30–31 h
}

/** Subjects a class of 20 or more is split into two sub-groups for (languages, computing), grade 3 up. */
export const SPLIT_SUBJECTS = new Set(['english', 'informatics']);
export const splits = (code: string, grade: number, classSize: number) =>
  SPLIT_SUBJECTS.has(code) && grade >= 3 && classSize >= 20;

/** Which kind of teacher gives a subject (primary-school teachers give most subjects of their own class). */
export type TeacherGroup =
  | 'primary'
  | 'kazakh'
  | 'russian'
  | 'english'
  | 'maths'
  | 'informatics'
  | 'science'
  | 'history'
  | 'arts'
  | 'pe';

const GROUP_OF: Record<string, TeacherGroup> = {
  kazakh_language: 'kazakh',
  kazakh_literature: 'kazakh',
  kazakh_language_literature: 'kazakh',
  russian_language: 'russian',
  russian_literature: 'russian',
  russian_language_literature: 'russian',
  english: 'english',
  mathematics: 'maths',
  algebra: 'maths',
  algebra_analysis: 'maths',
  geometry: 'maths',
  informatics: 'informatics',
  digital_literacy: 'informatics',
  natural_science: 'science',
  physics: 'science',
  chemistry: 'science',
  biology: 'science',
  geography: 'science',
  history_of_kazakhstan: 'history',
  world_history: 'history',
  basics_of_law: 'history',
  self_knowledge: 'history',
  music: 'arts',
  artistic_work: 'arts',
  physical_education: 'pe',
  nvp: 'pe',
};

/** Subjects a primary class's own teacher does not give. */
const PRIMARY_SPECIALIST = new Set(['english', 'music', 'physical_education']);

export function teacherGroup(code: string, grade: number, classLanguage: string): TeacherGroup {
  if (grade <= 4 && !PRIMARY_SPECIALIST.has(code)) {
    // The second state language in a primary class is the language teacher's.
    if (code === 'kazakh_language' && classLanguage !== 'kk') return 'kazakh';
    if (code === 'russian_language' && classLanguage === 'kk') return 'russian';
    return 'primary';
  }
  return GROUP_OF[code] ?? 'history';
}

/** A teacher's weekly load the pools are sized for: about one teacher per 12 students at 27 a class. */
export const TARGET_LOAD = 16;
