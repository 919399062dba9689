import type { Locale } from '@common/enums.js';
import { forbidden } from '../../errors.js';
import { type Action, allow, type InstitutionRef } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';

/**
 * The school every timetable request acts on: always the actor's context institution, never an id the client
 * sends, so nothing of another school can be reached by naming it (its ids simply find nothing: 404).
 */
export function schoolFor(actor: Actor, action: Action): InstitutionRef {
  const m = actor.context;
  // A timetable belongs to a school: an authority's context has none of its own.
  if (m?.institutionKind !== 'school') throw forbidden();
  const school = { id: m.institutionId, ancestors: m.ancestors };
  if (!allow(actor, action, school)) throw forbidden();
  return school;
}

/** «Ахметова А. С.»: how a teacher is named in grid cells and lists. */
export function shortName(p: { surname: string; firstName: string; patronymic?: string | null }): string {
  const initial = (s: string) => `${[...s][0] ?? ''}.`;
  return `${p.surname} ${initial(p.firstName)}${p.patronymic ? ` ${initial(p.patronymic)}` : ''}`;
}

export const fullName = (p: { surname: string; firstName: string; patronymic?: string | null }) =>
  [p.surname, p.firstName, p.patronymic].filter(Boolean).join(' ');

export const subjectName = (s: { nameKk: string; nameRu: string; nameEn: string }, locale: Locale) =>
  locale === 'ru' ? s.nameRu : locale === 'en' ? s.nameEn : s.nameKk;
