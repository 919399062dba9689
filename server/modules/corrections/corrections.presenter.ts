import type { Correction, MyCorrection } from '@common/schemas/registration.js';
import type { InstitutionRequestRow, RequestRow } from './corrections.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();

export const presentMine = (r: RequestRow): MyCorrection => ({
  id: r.id,
  proposed: r.proposedValues,
  comment: r.comment,
  status: r.status,
  answer: r.answer,
  createdAt: iso(r.createdAt),
  resolvedAt: r.resolvedAt ? iso(r.resolvedAt) : null,
});

export const presentForAdmin = (r: InstitutionRequestRow): Correction => ({
  ...presentMine(r),
  institutionId: r.institutionId,
  person: { id: r.personId, surname: r.surname, firstName: r.firstName, patronymic: r.patronymic },
  current: r.currentValues,
  resolvedBy: r.resolverSurname ? `${r.resolverSurname} ${r.resolverFirstName ?? ''}`.trim() : null,
});
