import { usernameBase } from '@common/transliterate.js';
import { sql } from 'kysely';
import { freeUsernames } from '../persons/person.rules.js';
import { presentIin } from '../persons/persons.presenter.js';
import { asJson, type WriteStage } from './apply.write.stage.js';
import { chunks } from './imports.repository.js';
import type { PersonPlan } from './plan.types.js';
import type { IssuedCredential } from './runtime.js';

/**
 * New persons with their accounts (ids reserved and passwords hashed before the transaction), answering the
 * credentials to print on the slips.
 */
export async function writeNewPersons(
  { trx, schoolId, jobId, at, entries }: WriteStage,
  fresh: PersonPlan[],
  ids: number[],
  credentials: Array<{ password: string; hash: string; expiresAt: Date }>,
): Promise<IssuedCredential[]> {
  const usernames = await freeUsernames(
    trx,
    fresh.map((p) => usernameBase(p.record!.surname, p.record!.firstName)),
  );
  const issued: IssuedCredential[] = [];
  for (const part of chunks(fresh.map((p, i) => ({ p, i })))) {
    await trx
      .insertInto('persons')
      .values(
        part.map(({ p, i }) => ({
          id: ids[i]!,
          surname: p.record!.surname,
          firstName: p.record!.firstName,
          patronymic: p.record!.patronymic,
          birthDate: p.record!.birthDate,
          gender: p.record!.gender,
          iin: p.record!.iin,
          email: p.record!.email,
          phone: p.record!.phone,
          createdAt: at,
          updatedAt: at,
        })),
      )
      .execute();
    await trx
      .insertInto('accounts')
      .values(
        part.map(({ p, i }) => ({
          personId: ids[i]!,
          username: usernames[i]!,
          passwordHash: credentials[i]!.hash,
          passwordIsTemporary: true,
          tempPasswordExpiresAt: credentials[i]!.expiresAt,
          locale: p.locale,
          createdAt: at,
          updatedAt: at,
        })),
      )
      .execute();
  }
  fresh.forEach((p, i) => {
    issued.push({ personId: ids[i]!, password: credentials[i]!.password });
    entries.push({
      institutionId: schoolId,
      action: 'person.created',
      subjectType: 'person',
      subjectId: ids[i]!,
      after: {
        surname: p.record!.surname,
        firstName: p.record!.firstName,
        patronymic: p.record!.patronymic,
        birthDate: p.record!.birthDate,
        gender: p.record!.gender,
        iin: presentIin(p.record!.iin, false),
        username: usernames[i],
        profile: p.addMembership?.profile,
        importJobId: jobId,
      },
    });
  });
  return issued;
}

/** Changed fields of existing persons (only what differs; an empty cell never erases). */
export async function writePersonChanges({ trx, schoolId, jobId, at, entries }: WriteStage, persons: PersonPlan[]) {
  const changed = persons.filter((p) => p.personId !== null && Object.keys(p.personChanges).length > 0);
  for (const part of chunks(changed)) {
    const rows = part.map((p) => ({ id: p.personId, ...p.personChanges }));
    await sql`
      update persons p set
        surname = coalesce(v.surname, p.surname), first_name = coalesce(v."firstName", p.first_name),
        patronymic = coalesce(v.patronymic, p.patronymic), birth_date = coalesce(v."birthDate", p.birth_date),
        gender = coalesce(v.gender, p.gender), iin = coalesce(v.iin, p.iin), email = coalesce(v.email, p.email),
        phone = coalesce(v.phone, p.phone), updated_at = ${at}
      from jsonb_to_recordset(${asJson(rows)}::jsonb) as v(id bigint, surname text, "firstName" text,
        patronymic text, "birthDate" date, gender text, iin text, email text, phone text)
      where p.id = v.id`.execute(trx);
    // An address typed in by an administrator is unconfirmed (as in persons.service updatePerson).
    const emailChanged = part.filter((p) => 'email' in p.personChanges).map((p) => p.personId!);
    if (emailChanged.length > 0) {
      await trx.updateTable('accounts').set({ emailVerifiedAt: null }).where('personId', 'in', emailChanged).execute();
    }
  }
  for (const p of changed) {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(p.personChanges)) {
      const old = p.existing?.[field as keyof typeof p.existing] ?? null;
      before[field] = field === 'iin' ? presentIin(old as string | null, false) : old;
      after[field] = field === 'iin' ? presentIin(value, false) : value;
    }
    entries.push({
      institutionId: schoolId,
      action: 'person.updated',
      subjectType: 'person',
      subjectId: p.personId!,
      before,
      after: { ...after, importJobId: jobId },
    });
  }
}
