/**
 * Kazakhstan IIN (individual identification number): YYMMDD C NNNN K (kz-school-rules §6.2).
 * C encodes century and sex; K is a mod-11 check digit with a second weight set when the first gives 10.
 */
const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

export function iinCheckDigit(first11: readonly number[]): number | null {
  const sum = (w: number[]) => first11.reduce((acc, d, i) => acc + d * (w[i] ?? 0), 0) % 11;
  let k = sum(W1);
  if (k === 10) k = sum(W2);
  return k === 10 ? null : k;
}

export interface IinInfo {
  birthDate: string; // YYYY-MM-DD
  gender: 'male' | 'female';
}

/** Returns birth date and gender encoded in a valid IIN, or null when the IIN is invalid. */
export function parseIin(iin: string): IinInfo | null {
  if (!/^\d{12}$/.test(iin)) return null;
  const d = [...iin].map(Number);
  const centuryDigit = d[6] ?? 0;
  if (centuryDigit < 1 || centuryDigit > 6) return null;
  if (iinCheckDigit(d.slice(0, 11)) !== d[11]) return null;
  const century = 1700 + Math.ceil(centuryDigit / 2) * 100;
  const year = century + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return {
    birthDate: `${year}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`,
    gender: centuryDigit % 2 === 1 ? 'male' : 'female',
  };
}

export const isValidIin = (iin: string) => parseIin(iin) !== null;

/** What everyone but an administrator sees: the birth-date part stays hidden too. */
export const maskIin = (iin: string) => `********${iin.slice(8)}`;
