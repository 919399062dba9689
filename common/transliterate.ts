/**
 * Kazakh and Russian Cyrillic → plain lowercase ASCII, for things that must be typed on any keyboard
 * (usernames). Readability wins over reversibility: the letters Kazakh adds to Russian fold onto their
 * nearest Latin letter the way Kazakhstan passports spell names (Ә→a, Қ→k, Ң→n, Ө→o, Ұ/Ү→u, І→i, Һ→h),
 * and the Russian letters follow the usual everyday spelling (ж→zh, х→kh, ц→ts, ю→yu, я→ya).
 *
 * All 42 letters of the Kazakh Cyrillic alphabet (the 33 Russian ones plus Ә Ғ Қ Ң Ө Ұ Ү Һ І), lowercase.
 */
export const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  ә: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ғ: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  қ: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  ң: 'n',
  о: 'o',
  ө: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ұ: 'u',
  ү: 'u',
  ф: 'f',
  х: 'kh',
  һ: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  і: 'i',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/**
 * Lowercases and transliterates Cyrillic letters; Latin letters lose their diacritics (é→e); digits stay.
 * Every other character (spaces, hyphens, apostrophes, other scripts) is kept as is for the caller to judge.
 */
export function transliterate(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) {
    const mapped = CYRILLIC_TO_LATIN[ch];
    if (mapped !== undefined) out += mapped;
    // NFKD splits "é" into "e" + a combining mark; the mark is dropped below.
    else out += ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  }
  return out;
}

/** Lowercase ASCII letters and digits; any run of anything else becomes one hyphen, none at the ends. */
function slug(text: string): string {
  return transliterate(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;
/** Room left after the base for a collision number (up to 10 digits). */
const BASE_MAX = 54;

/**
 * The username a person would get before collisions are resolved: surname + "." + first-name initial,
 * "Әлиев Нұрлан" → "aliev.n". Always matches USERNAME_PATTERN once a number of up to 10 digits is appended;
 * names with nothing transliterable fall back to "user".
 */
export function usernameBase(surname: string, firstName: string): string {
  const last = slug(surname)
    .slice(0, BASE_MAX - 2)
    .replace(/-+$/, '');
  const initial = slug(firstName).charAt(0);
  const base = [last, initial].filter(Boolean).join('.');
  return base.length >= 3 ? base : base ? `${base}.user`.slice(0, BASE_MAX) : 'user';
}
