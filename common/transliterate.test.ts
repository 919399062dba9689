import { describe, expect, it } from 'vitest';
import { CYRILLIC_TO_LATIN, transliterate, USERNAME_PATTERN, usernameBase } from './transliterate.js';

const KAZAKH_ALPHABET = 'аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя';

describe('transliterate', () => {
  it('covers all 42 letters of the Kazakh Cyrillic alphabet, in both cases, with ASCII only', () => {
    expect([...KAZAKH_ALPHABET]).toHaveLength(42);
    expect(Object.keys(CYRILLIC_TO_LATIN).sort()).toEqual([...KAZAKH_ALPHABET].sort());
    for (const letter of KAZAKH_ALPHABET) {
      expect(transliterate(letter)).toMatch(/^[a-z]*$/);
      expect(transliterate(letter.toUpperCase())).toBe(transliterate(letter));
    }
  });

  it('spells Kazakh-specific letters the passport way and Russian ones the everyday way', () => {
    expect(transliterate('Әлиев')).toBe('aliev');
    expect(transliterate('Қасымов')).toBe('kasymov');
    expect(transliterate('Жұмабаев')).toBe('zhumabaev');
    expect(transliterate('Өтегенова')).toBe('otegenova');
    expect(transliterate('Үсенов')).toBe('usenov');
    expect(transliterate('Ғалым')).toBe('galym');
    expect(transliterate('Таңат')).toBe('tanat');
    expect(transliterate('Іскаков')).toBe('iskakov');
    expect(transliterate('Һәким')).toBe('hakim');
    expect(transliterate('Щукина')).toBe('shchukina');
    expect(transliterate('Хрущёв')).toBe('khrushchyov');
    expect(transliterate('Юлия Цой')).toBe('yuliya tsoy');
    expect(transliterate('Подъячев')).toBe('podyachev');
    expect(transliterate('Эльмира')).toBe('elmira');
  });

  it('keeps Latin letters (without diacritics) and digits', () => {
    expect(transliterate('Müller-Lüdenscheidt 2')).toBe('muller-ludenscheidt 2');
  });
});

describe('usernameBase', () => {
  it('is the surname plus the first-name initial', () => {
    expect(usernameBase('Әлиев', 'Нұрлан')).toBe('aliev.n');
    expect(usernameBase('Иванова', 'Юлия')).toBe('ivanova.y');
    expect(usernameBase("  O'Brien ", 'Seán')).toBe('o-brien.s');
    expect(usernameBase('Петрова-Водкина', 'Анна')).toBe('petrova-vodkina.a');
  });

  it('always yields a valid username, even from names with nothing to transliterate', () => {
    expect(usernameBase('李', '明')).toBe('user');
    expect(usernameBase('Ли', '明')).toBe('li.user');
    expect(usernameBase('Е', 'А')).toBe('e.a');
    const long = usernameBase('Щ'.repeat(100), 'Я');
    expect(long.length).toBeLessThanOrEqual(54);
    for (const base of ['user', 'li.user', 'e.a', long, usernameBase('--', '--')]) {
      expect(base).toMatch(USERNAME_PATTERN);
      expect(`${base}1234567890`).toMatch(USERNAME_PATTERN);
    }
  });
});
