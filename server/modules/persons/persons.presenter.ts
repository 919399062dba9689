import type { Profile } from '@common/enums.js';
import { maskIin } from '@common/iin.js';
import type { Membership, PersonDetail, PersonSummary } from '@common/schemas/persons.js';
import type { ListedPersonRow, MembershipRow, PersonRow, RelativeRow } from './persons.repository.js';

/** The IIN as the caller may see it: whole for administrators, the last four digits for everyone else. */
export const presentIin = (iin: string | null, full: boolean) => (iin === null ? null : full ? iin : maskIin(iin));

export const presentMembership = (m: MembershipRow): Membership => ({
  id: m.id,
  institutionId: m.institutionId,
  institutionKind: m.institutionKind,
  institutionNameKk: m.nameKk,
  institutionNameRu: m.nameRu,
  institutionNameEn: m.nameEn,
  profile: m.profile,
  roles: m.roles,
  isAdmin: m.isAdmin,
  position: m.position,
  startsOn: m.startsOn,
  endsOn: m.endsOn,
  endReason: m.endReason,
});

export const presentSummary = (p: ListedPersonRow, iinInFull: boolean): PersonSummary => ({
  id: p.id,
  surname: p.surname,
  firstName: p.firstName,
  patronymic: p.patronymic,
  birthDate: p.birthDate,
  gender: p.gender,
  iin: presentIin(p.iin, iinInFull),
  profiles: p.profiles,
});

const presentRelative = (r: RelativeRow) => ({
  personId: r.personId,
  surname: r.surname,
  firstName: r.firstName,
  patronymic: r.patronymic,
  relation: r.relation,
  institutionId: r.institutionId,
});

export interface DetailView {
  person: PersonRow;
  memberships: MembershipRow[];
  activeProfiles: Profile[];
  relatives: RelativeRow[];
  iinInFull: boolean;
  showUsername: boolean;
  canManage: boolean;
}

export const presentDetail = (v: DetailView): PersonDetail => ({
  id: v.person.id,
  surname: v.person.surname,
  firstName: v.person.firstName,
  patronymic: v.person.patronymic,
  birthDate: v.person.birthDate,
  gender: v.person.gender,
  iin: presentIin(v.person.iin, v.iinInFull),
  profiles: v.activeProfiles,
  email: v.person.email,
  phone: v.person.phone,
  username: v.showUsername ? v.person.username : null,
  memberships: v.memberships.map(presentMembership),
  parents: v.relatives.filter((r) => r.childPersonId === v.person.id).map(presentRelative),
  children: v.relatives.filter((r) => r.parentPersonId === v.person.id).map(presentRelative),
  canManage: v.canManage,
});
