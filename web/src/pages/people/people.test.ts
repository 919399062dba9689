import { zMembershipInput } from '@common/schemas/persons.js';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/apiError.js';
import { actionFilter } from '../audit/actions.js';
import { errorsUnder, serverFieldErrors } from './fieldErrors.js';
import { formatDate, fullName, todayInKazakhstan } from './format.js';
import { emptyMembership, membershipBody, PROFILES_BY_KIND } from './membership.js';

describe('membershipBody', () => {
  it('drops roles, admin flag and position that do not apply to the chosen profile', () => {
    const draft = {
      ...emptyMembership('7'),
      profile: 'student' as const,
      roles: ['teacher' as const],
      isAdmin: true,
      position: 'Director',
    };
    expect(membershipBody(draft)).toEqual({ institutionId: 7, profile: 'student', roles: [], isAdmin: false });
  });

  it('keeps them for school staff, in the canonical role order, and passes the schema', () => {
    const body = membershipBody({
      ...emptyMembership('7'),
      profile: 'school_employee',
      roles: ['director', 'teacher'],
      isAdmin: true,
      position: '  Deputy  ',
      startsOn: '2026-09-01',
    });
    expect(body).toEqual({
      institutionId: 7,
      profile: 'school_employee',
      roles: ['teacher', 'director'],
      isAdmin: true,
      position: 'Deputy',
      startsOn: '2026-09-01',
    });
    expect(zMembershipInput.safeParse(body).success).toBe(true);
  });

  it('offers only the profiles the server accepts for each kind', () => {
    expect(PROFILES_BY_KIND.school).toEqual(['student', 'parent', 'school_employee']);
    expect(PROFILES_BY_KIND.other).toEqual(['district_employee']);
  });
});

describe('field errors', () => {
  it('maps nested server issues onto dotted paths and slices a sub-form', () => {
    const error = new ApiError(400, {
      code: 'validation',
      message: 'x',
      issues: [
        { path: 'body.surname', message: 'Required.' },
        { path: 'body.membership.profile', message: 'Wrong.' },
      ],
    });
    const errors = serverFieldErrors(error);
    expect(errors).toEqual({ surname: 'Required.', 'membership.profile': 'Wrong.' });
    expect(errorsUnder(errors, 'membership')).toEqual({ profile: 'Wrong.' });
    expect(serverFieldErrors(new Error('network'))).toEqual({});
  });
});

describe('formatting', () => {
  it('writes calendar dates day first without shifting them across time zones', () => {
    expect(formatDate('2015-04-12', 'kk')).toBe('12.04.2015');
    expect(formatDate('2015-04-12', 'ru')).toBe('12.04.2015');
    expect(formatDate('2015-04-12', 'en')).toBe('12/04/2015');
    expect(formatDate(null, 'en')).toBe('');
  });

  it('joins names and finds the Kazakhstan date', () => {
    expect(fullName({ surname: 'Сапарова', firstName: 'Аружан', patronymic: null })).toBe('Сапарова Аружан');
    // 20:00 UTC is already the next day in Kazakhstan (UTC+5).
    expect(todayInKazakhstan(new Date('2026-03-01T20:00:00Z'))).toBe('2026-03-02');
  });
});

describe('audit action filter', () => {
  it('turns a bare group into a prefix and leaves codes alone', () => {
    expect(actionFilter(' person ')).toBe('person.');
    expect(actionFilter('person.')).toBe('person.');
    expect(actionFilter('person.created')).toBe('person.created');
    expect(actionFilter('  ')).toBeUndefined();
  });
});
