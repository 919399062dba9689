import { type ClassLabel, classLabelText } from './normalize.js';

/** The keys rows and stored records are matched on, shared by the planning stages and the writes. */
export const isCurrent = (m: { endsOn: string | null }, today: string) => m.endsOn === null || m.endsOn > today;
const lower = (s: string) => s.toLowerCase().replace(/ё/g, 'е');
/** Surname + first name + birth date, case- and ё/е-blind: the weakest match, which needs a confirmation. */
export const nameKey = (p: { surname: string; firstName: string; birthDate: string }) =>
  `${lower(p.surname)}|${lower(p.firstName)}|${p.birthDate}`;
export const labelKey = (c: ClassLabel) => classLabelText(c);

export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
