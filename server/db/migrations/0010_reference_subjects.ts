import type { Kysely } from 'kysely';

/**
 * The national subject catalogue: the subjects of the Typical Curricula for grades 0–11 (12) (Order No. 500 of
 * 08.11.2012 as amended by No. 161 of 27.06.2024, in force from 01.09.2025; appendices for Kazakh-, Russian-,
 * Uzbek-, Uyghur- and Tajik-medium schools), named as the curricula name them. Reference data shared by every
 * school: a school copies the subjects it teaches (`subjects.catalogue_code`) and may add its own.
 *
 * `code` is stable (imports, OneRoster course codes, assessment defaults refer to it); names may be corrected
 * by a later migration. `sort` follows the curricula's order of areas: languages, mathematics and computing,
 * sciences, people and society, technology and arts, physical education, then the variable component and the
 * pre-school class.
 */
export const SUBJECT_CATALOGUE: ReadonlyArray<{ code: string; nameKk: string; nameRu: string; nameEn: string }> = [
  // Language and literature
  {
    code: 'alippe_ana_tili',
    nameKk: 'Әліппе, Ана тілі',
    nameRu: 'Букварь, Родной язык',
    nameEn: 'Primer, Mother tongue',
  },
  { code: 'literacy', nameKk: 'Сауат ашу', nameRu: 'Букварь, Обучение грамоте', nameEn: 'Primer, Literacy' },
  { code: 'literary_reading', nameKk: 'Әдебиеттік оқу', nameRu: 'Литературное чтение', nameEn: 'Literary reading' },
  { code: 'kazakh_language', nameKk: 'Қазақ тілі', nameRu: 'Казахский язык', nameEn: 'Kazakh language' },
  { code: 'kazakh_literature', nameKk: 'Қазақ әдебиеті', nameRu: 'Казахская литература', nameEn: 'Kazakh literature' },
  {
    code: 'kazakh_language_literature',
    nameKk: 'Қазақ тілі мен әдебиеті',
    nameRu: 'Казахский язык и литература',
    nameEn: 'Kazakh language and literature',
  },
  { code: 'russian_language', nameKk: 'Орыс тілі', nameRu: 'Русский язык', nameEn: 'Russian language' },
  { code: 'russian_literature', nameKk: 'Орыс әдебиеті', nameRu: 'Русская литература', nameEn: 'Russian literature' },
  {
    code: 'russian_language_literature',
    nameKk: 'Орыс тілі мен әдебиеті',
    nameRu: 'Русский язык и литература',
    nameEn: 'Russian language and literature',
  },
  { code: 'english', nameKk: 'Ағылшын тілі', nameRu: 'Английский язык', nameEn: 'English' },
  { code: 'foreign_language', nameKk: 'Шетел тілі', nameRu: 'Иностранный язык', nameEn: 'Foreign language' },
  { code: 'german', nameKk: 'Неміс тілі', nameRu: 'Немецкий язык', nameEn: 'German' },
  { code: 'french', nameKk: 'Француз тілі', nameRu: 'Французский язык', nameEn: 'French' },
  { code: 'uzbek_language', nameKk: 'Өзбек тілі', nameRu: 'Узбекский язык', nameEn: 'Uzbek language' },
  { code: 'uzbek_literature', nameKk: 'Өзбек әдебиеті', nameRu: 'Узбекская литература', nameEn: 'Uzbek literature' },
  { code: 'uyghur_language', nameKk: 'Ұйғыр тілі', nameRu: 'Уйгурский язык', nameEn: 'Uyghur language' },
  { code: 'uyghur_literature', nameKk: 'Ұйғыр әдебиеті', nameRu: 'Уйгурская литература', nameEn: 'Uyghur literature' },
  { code: 'tajik_language', nameKk: 'Тәжік тілі', nameRu: 'Таджикский язык', nameEn: 'Tajik language' },
  { code: 'tajik_literature', nameKk: 'Тәжік әдебиеті', nameRu: 'Таджикская литература', nameEn: 'Tajik literature' },
  // Mathematics and computing
  { code: 'mathematics', nameKk: 'Математика', nameRu: 'Математика', nameEn: 'Mathematics' },
  { code: 'algebra', nameKk: 'Алгебра', nameRu: 'Алгебра', nameEn: 'Algebra' },
  {
    code: 'algebra_analysis',
    nameKk: 'Алгебра және анализ бастамалары',
    nameRu: 'Алгебра и начала анализа',
    nameEn: 'Algebra and elements of calculus',
  },
  { code: 'geometry', nameKk: 'Геометрия', nameRu: 'Геометрия', nameEn: 'Geometry' },
  {
    code: 'digital_literacy',
    nameKk: 'Цифрлық сауаттылық',
    nameRu: 'Цифровая грамотность',
    nameEn: 'Digital literacy',
  },
  { code: 'informatics', nameKk: 'Информатика', nameRu: 'Информатика', nameEn: 'Computer science' },
  // Sciences
  { code: 'natural_science', nameKk: 'Жаратылыстану', nameRu: 'Естествознание', nameEn: 'Natural science' },
  { code: 'physics', nameKk: 'Физика', nameRu: 'Физика', nameEn: 'Physics' },
  { code: 'chemistry', nameKk: 'Химия', nameRu: 'Химия', nameEn: 'Chemistry' },
  { code: 'biology', nameKk: 'Биология', nameRu: 'Биология', nameEn: 'Biology' },
  { code: 'geography', nameKk: 'География', nameRu: 'География', nameEn: 'Geography' },
  // People and society
  { code: 'knowledge_of_world', nameKk: 'Дүниетану', nameRu: 'Познание мира', nameEn: 'Knowledge of the world' },
  {
    code: 'history_of_kazakhstan',
    nameKk: 'Қазақстан тарихы',
    nameRu: 'История Казахстана',
    nameEn: 'History of Kazakhstan',
  },
  { code: 'world_history', nameKk: 'Дүниежүзі тарихы', nameRu: 'Всемирная история', nameEn: 'World history' },
  { code: 'basics_of_law', nameKk: 'Құқық негіздері', nameRu: 'Основы права', nameEn: 'Basics of law' },
  {
    code: 'person_society_law',
    nameKk: 'Адам. Қоғам. Құқық',
    nameRu: 'Человек. Общество. Право',
    nameEn: 'Person. Society. Law',
  },
  {
    code: 'entrepreneurship',
    nameKk: 'Кәсіпкерлік және бизнес негіздері',
    nameRu: 'Основы предпринимательства и бизнеса',
    nameEn: 'Basics of entrepreneurship and business',
  },
  { code: 'self_knowledge', nameKk: 'Өзін-өзі тану', nameRu: 'Самопознание', nameEn: 'Self-knowledge' },
  // Technology and arts
  { code: 'music', nameKk: 'Музыка', nameRu: 'Музыка', nameEn: 'Music' },
  { code: 'visual_arts', nameKk: 'Бейнелеу өнері', nameRu: 'Изобразительное искусство', nameEn: 'Visual arts' },
  { code: 'labour_training', nameKk: 'Еңбекке баулу', nameRu: 'Трудовое обучение', nameEn: 'Labour training' },
  { code: 'artistic_work', nameKk: 'Көркем еңбек', nameRu: 'Художественный труд', nameEn: 'Arts and crafts' },
  { code: 'technology', nameKk: 'Технология', nameRu: 'Технология', nameEn: 'Technology' },
  {
    code: 'graphics_design',
    nameKk: 'Графика және жобалау',
    nameRu: 'Графика и проектирование',
    nameEn: 'Graphics and design',
  },
  {
    code: 'nvp',
    nameKk: 'Алғашқы әскери және технологиялық дайындық',
    nameRu: 'Начальная военная и технологическая подготовка',
    nameEn: 'Initial military and technological training',
  },
  // Physical education
  { code: 'physical_education', nameKk: 'Дене шынықтыру', nameRu: 'Физическая культура', nameEn: 'Physical education' },
  // Variable component
  {
    code: 'global_competencies',
    nameKk: 'Жаһандық құзыреттілік',
    nameRu: 'Глобальные компетенции',
    nameEn: 'Global competencies',
  },
  {
    code: 'reading_literacy',
    nameKk: 'Оқу сауаттылығы',
    nameRu: 'Читательская грамотность',
    nameEn: 'Reading literacy',
  },
  { code: 'local_history', nameKk: 'Өлкетану', nameRu: 'Краеведение', nameEn: 'Local history' },
  // Pre-school class (grade 0)
  { code: 'pre_literacy', nameKk: 'Сауат ашу негіздері', nameRu: 'Основы грамоты', nameEn: 'Basics of literacy' },
  {
    code: 'pre_mathematics',
    nameKk: 'Математика негіздері',
    nameRu: 'Основы математики',
    nameEn: 'Basics of mathematics',
  },
  { code: 'pre_speech', nameKk: 'Сөйлеуді дамыту', nameRu: 'Развитие речи', nameEn: 'Speech development' },
  {
    code: 'pre_world',
    nameKk: 'Қоршаған ортамен таныстыру',
    nameRu: 'Ознакомление с окружающим миром',
    nameEn: 'The world around us',
  },
  { code: 'pre_drawing', nameKk: 'Сурет салу', nameRu: 'Рисование', nameEn: 'Drawing' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // snake_case names work with and without the CamelCasePlugin (the migrator may get either).
  type Row = { code: string; name_kk: string; name_ru: string; name_en: string; sort: number };
  await (db as Kysely<{ subject_catalogue: Row }>)
    .insertInto('subject_catalogue')
    .values(
      SUBJECT_CATALOGUE.map((s, i) => ({
        code: s.code,
        name_kk: s.nameKk,
        name_ru: s.nameRu,
        name_en: s.nameEn,
        sort: (i + 1) * 10,
      })),
    )
    .execute();
}
