import { type InstitutionKind, type Profile, SCHOOL_ROLES, type SchoolRole, STAFF_PROFILES } from '@common/enums.js';
import type { MembershipInput } from '@common/schemas/persons.js';

/** Which profiles a membership may have at each kind of institution (the server refuses any other pair). */
export const PROFILES_BY_KIND: Record<InstitutionKind, readonly Profile[]> = {
  school: ['student', 'parent', 'school_employee'],
  region: ['regional_employee'],
  district: ['district_employee'],
  other: ['district_employee'],
  ministry: ['ministry_employee'],
};

export const isStaffProfile = (profile: Profile | '') => profile !== '' && STAFF_PROFILES.includes(profile);

/** An institution the membership can be added to, with what the form needs to know about it. */
export interface InstitutionChoice {
  id: number;
  kind: InstitutionKind;
  name: string;
}

/** The membership part of a form, as typed (strings until submitted). */
export interface MembershipDraft {
  institutionId: string;
  profile: Profile | '';
  roles: SchoolRole[];
  isAdmin: boolean;
  position: string;
  startsOn: string;
}

export const emptyMembership = (institutionId = ''): MembershipDraft => ({
  institutionId,
  profile: '',
  roles: [],
  isAdmin: false,
  position: '',
  startsOn: '',
});

/**
 * The request body for a draft. Fields that do not apply to the chosen profile are left out, so a role
 * ticked before switching to "student" is not sent and refused.
 */
export function membershipBody(d: MembershipDraft): MembershipInput {
  const staff = isStaffProfile(d.profile);
  return {
    institutionId: Number(d.institutionId) || 0,
    profile: d.profile as Profile,
    roles: d.profile === 'school_employee' ? SCHOOL_ROLES.filter((r) => d.roles.includes(r)) : [],
    isAdmin: staff && d.isAdmin,
    ...(staff && d.position.trim() ? { position: d.position.trim() } : {}),
    ...(d.startsOn ? { startsOn: d.startsOn } : {}),
  };
}
