import type { Gender } from '@common/enums.js';
import type { App } from '../../app.js';
import { type Client, signIn } from '../../test/harness.js';

/** A password every policy accepts (long, unrelated words, no names). */
export const GOOD_PASSWORD = 'copper-lantern-meadow-42';
let n = 0;

/**
 * A person created the way administrators create them (POST /persons): unregistered, with a temporary
 * password shown once. `admin` acts in the institution the membership is added to.
 */
export async function addNewcomer(
  admin: Client,
  institutionId: number,
  opts: {
    profile?: 'student' | 'parent' | 'school_employee';
    surname?: string;
    firstName?: string;
    birthDate?: string;
    gender?: Gender;
  } = {},
) {
  n++;
  const res = await admin.post('/api/v1/persons', {
    surname: opts.surname ?? `Нұрланова${n}`,
    firstName: opts.firstName ?? 'Әсел',
    patronymic: 'Серікқызы',
    birthDate: opts.birthDate ?? '2011-03-14',
    gender: opts.gender ?? 'female',
    membership: { institutionId, profile: opts.profile ?? 'student' },
  });
  if (res.statusCode !== 201) throw new Error(`POST /persons: ${res.statusCode} ${res.body}`);
  const body = res.json() as { person: { id: number }; credentials: { username: string; temporaryPassword: string } };
  return {
    personId: body.person.id,
    username: body.credentials.username,
    temporaryPassword: body.credentials.temporaryPassword,
  };
}

/** Signs in with the temporary credentials and completes the wizard (current agreement, a good password). */
export async function register(app: App, who: { username: string; temporaryPassword: string }) {
  const client = await signIn(app, who.username, who.temporaryPassword);
  const reg = (await client.get('/api/v1/registration')).json() as { agreement: { id: number } | null };
  const res = await client.post('/api/v1/registration/complete', {
    newPassword: GOOD_PASSWORD,
    agreementVersionId: reg.agreement?.id ?? null,
    dataConfirmed: true,
  });
  if (res.statusCode !== 200) throw new Error(`registration/complete: ${res.statusCode} ${res.body}`);
  return client;
}
