import type { Me, MyMembership } from '@common/schemas/auth.js';
import { capabilities } from '../../policies/index.js';
import type { Actor, ActorMembership } from '../auth/actor.js';

export const presentMembership = (m: ActorMembership): MyMembership => ({
  id: m.id,
  institutionId: m.institutionId,
  institutionKind: m.institutionKind,
  institutionName: { kk: m.nameKk, ru: m.nameRu, en: m.nameEn },
  profile: m.profile,
  roles: m.roles,
  isAdmin: m.isAdmin,
  position: m.position,
});

export const presentMe = (actor: Actor): Me => ({
  personId: actor.personId,
  username: actor.username,
  surname: actor.surname,
  firstName: actor.firstName,
  patronymic: actor.patronymic,
  locale: actor.locale,
  passwordIsTemporary: actor.passwordIsTemporary,
  requiredActions: actor.requiredActions,
  memberships: actor.memberships.map(presentMembership),
  context: actor.context ? presentMembership(actor.context) : null,
  capabilities: capabilities(actor),
  csrfToken: actor.csrfToken,
});
