import type { Guardianship } from '@common/schemas/guardianships.js';
import type { GuardianshipRow } from './guardianships.repository.js';

export const presentGuardianship = (r: GuardianshipRow): Guardianship => ({
  institutionId: r.institutionId,
  parent: {
    personId: r.parentPersonId,
    surname: r.parentSurname,
    firstName: r.parentFirstName,
    patronymic: r.parentPatronymic,
  },
  child: {
    personId: r.childPersonId,
    surname: r.childSurname,
    firstName: r.childFirstName,
    patronymic: r.childPatronymic,
  },
  relation: r.relation,
  createdAt: new Date(r.createdAt).toISOString(),
});
