/** The academic start year of a date (the year begins on 1 September; same rule as the web's running grade). */
export function startYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 8 ? year : year - 1;
}
