/**
 * Age of majority in Kazakhstan is 18 (Civil Code art. 17). A person is a minor until the day of their 18th
 * birthday, judged on the Kazakhstan calendar date. Someone born on 29 February comes of age on 1 March in a
 * common year: the string comparison below gives exactly that ('YYYY-02-29' sorts after '-02-28').
 */
export const AGE_OF_MAJORITY = 18;

export function isMinor(birthDate: string, today: string): boolean {
  const year = Number(birthDate.slice(0, 4)) + AGE_OF_MAJORITY;
  return `${String(year).padStart(4, '0')}${birthDate.slice(4, 10)}` > today;
}
