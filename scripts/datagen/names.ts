import type { Rng } from './random.js';

/**
 * Names for generated people: Kazakh names in Kazakh-medium classes, a mix of Russian and Kazakh names in
 * Russian-medium ones (as in a real city school). Surnames are stored in the masculine form and turned
 * feminine by the usual endings; patronymics come from the father's first name.
 */
const words = (s: string) => s.split(' ');
const KK_SURNAMES = words(
  'Ахметов Бекмұратов Жұмабаев Серіков Төлеуов Оспанов Құдайбергенов Исаев Нұрланов Әбілқасымов ' +
    'Сәрсенбаев Қасымов Мұратов Ержанов Смағұлов Байжанов Тоқтаров Әлиев Есенов Жақсылықов Қайратов ' +
    'Омаров Рахымов Сұлтанов Темірханов Өтегенов Бекболатов Дүйсенов Ғабитов Шәкенов Ілиясов Үсенов ' +
    'Қуанышев Мақсұтов Айтбаев Жанұзақов',
);
const RU_SURNAMES = words(
  'Иванов Петров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров Морозов Волков ' +
    'Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин ' +
    'Захаров Ким Пак Шевченко Бондаренко Ткаченко',
);
const KK_MALE = words(
  'Нұрлан Ерлан Арман Данияр Бауыржан Ағжан Әлихан Ерасыл Нұрсұлтан Айбек Дәурен Медеу Санжар Темірлан ' +
    'Жандос Ілияс Мұхаммед Асқар Берік Серік Қайрат Ержан Абылай Нұрасыл Алдияр Шыңғыс Өркен Ғалым Рауан ' +
    'Дамир',
);
const KK_FEMALE = words(
  'Айгерім Әсел Дана Мадина Жұлдыз Гүлнар Сәуле Жанар Аружан Айдана Іңкәр Томирис Әйгерім Балнұр Нұрай ' +
    'Аяулым Ақбота Жансая Меруерт Динара Гүлжан Айзере Камила Ұлжан Перизат Назерке Салтанат Әлия Көркем ' +
    'Ботагөз',
);
const RU_MALE = words(
  'Александр Дмитрий Максим Артём Иван Михаил Никита Егор Андрей Кирилл Сергей Олег Алексей Роман Павел ' +
    'Тимур Денис Владимир Игорь Евгений',
);
const RU_FEMALE = words(
  'Анастасия Мария Анна Виктория Полина Елизавета Дарья Алина Ксения Екатерина Елена Ольга Наталья ' +
    'Татьяна Ирина Светлана Юлия Валерия Софья Вероника',
);

export type Gender = 'male' | 'female';
export type NameStyle = 'kk' | 'ru';

export interface Family {
  style: NameStyle;
  /** Masculine form. */
  surname: string;
  fatherFirstName: string;
}

export function feminine(surname: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) return `${surname}а`;
  if (/(ский|цкий)$/.test(surname)) return `${surname.slice(0, -2)}ая`;
  return surname; // Ким, Шевченко…
}

export function surnameFor(family: Family, gender: Gender) {
  return gender === 'female' ? feminine(family.surname) : family.surname;
}

export function newFamily(rng: Rng, classLanguage: string): Family {
  const style: NameStyle = classLanguage === 'ru' && rng.chance(0.6) ? 'ru' : 'kk';
  return {
    style,
    surname: rng.pick(style === 'kk' ? KK_SURNAMES : RU_SURNAMES),
    fatherFirstName: rng.pick(style === 'kk' ? KK_MALE : RU_MALE),
  };
}

export function firstName(rng: Rng, style: NameStyle, gender: Gender) {
  if (style === 'kk') return rng.pick(gender === 'male' ? KK_MALE : KK_FEMALE);
  return rng.pick(gender === 'male' ? RU_MALE : RU_FEMALE);
}

/** Kazakh: «Серікұлы / Серікқызы»; Russian: «Сергеевич / Сергеевна» (a simple rule, fine for test data). */
export function patronymic(style: NameStyle, fatherFirstName: string, gender: Gender): string {
  if (style === 'kk') return `${fatherFirstName}${gender === 'male' ? 'ұлы' : 'қызы'}`;
  const stem = fatherFirstName.replace(/(ий|ей|й)$/, 'е').replace(/[ао]$/, '');
  const base = /е$/.test(stem) ? stem : `${stem}о`;
  return `${base}${gender === 'male' ? 'вич' : 'вна'}`;
}
