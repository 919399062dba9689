import type { Locale } from '@common/enums.js';
import type { EmailChange, EmailStatus } from '@common/schemas/passwords.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { newToken, sha256 } from '../../lib/tokens.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { confirmEmailMail } from '../mail/mail.templates.js';
import { verifyCurrentPassword } from '../passwords/passwords.service.js';
import * as repo from './recovery.repository.js';

/** A confirmation link works for a day (the person may read mail on another device later). */
export const CONFIRM_LINK_MS = 24 * 3_600_000;

export async function emailStatus(deps: AppDeps, personId: number): Promise<EmailStatus> {
  const now = deps.clock.now();
  const row = await deps.db
    .selectFrom('persons as p')
    .innerJoin('accounts as a', 'a.personId', 'p.id')
    .where('p.id', '=', personId)
    .select((eb) => [
      'p.email',
      'a.emailVerifiedAt',
      eb
        .selectFrom('accountTokens as t')
        .whereRef('t.personId', '=', 'p.id')
        .where('t.purpose', '=', 'confirm_email')
        .where('t.usedAt', 'is', null)
        .where('t.expiresAt', '>', now)
        .select('t.email')
        .orderBy('t.id', 'desc')
        .limit(1)
        .as('pendingEmail'),
    ])
    .executeTakeFirstOrThrow();
  return { email: row.email, confirmed: !!row.email && !!row.emailVerifiedAt, pendingEmail: row.pendingEmail };
}

/**
 * Sends a confirmation link to a new address. Where recovery mail goes decides who can take over the account,
 * so the current password is asked again (ASVS 7.5.1). The address on file changes only when the link is opened.
 * The mail is sent before answering: the person is waiting for it and should hear if it could not go out.
 */
export async function requestEmailConfirmation(deps: AppDeps, actor: Actor, input: EmailChange, origin: AuditOrigin) {
  await verifyCurrentPassword(deps, actor.personId, input.currentPassword);
  const email = input.email.trim();
  const token = newToken();
  await repo.issueTokens(
    deps.db,
    'confirm_email',
    [
      {
        personId: actor.personId,
        tokenHash: sha256(token),
        email,
        expiresAt: new Date(origin.at.getTime() + CONFIRM_LINK_MS),
      },
    ],
    origin.at,
  );
  const link = `${deps.config.PUBLIC_URL}/confirm-email#token=${token}`;
  const mail = confirmEmailMail(actor.locale as Locale, { name: actor.firstName, username: actor.username, link });
  try {
    await deps.mailer.send({ to: email, personId: actor.personId, ...mail });
  } catch {
    throw new AppError(503, 'mail.sendFailed');
  }
  return emailStatus(deps, actor.personId);
}

/** Opening the link: the address becomes the person's confirmed e-mail (audited at their institutions). */
export async function confirmEmail(deps: AppDeps, token: string, origin: AuditOrigin) {
  const now = origin.at;
  await deps.db.transaction().execute(async (trx) => {
    const used = await repo.consumeToken(trx, 'confirm_email', sha256(token), now);
    if (!used?.email) throw new AppError(400, 'mail.invalidToken');
    const before = await trx
      .selectFrom('persons')
      .where('id', '=', used.personId)
      .where('deletedAt', 'is', null)
      .select('email')
      .executeTakeFirst();
    if (!before) throw new AppError(400, 'mail.invalidToken');
    await trx
      .updateTable('persons')
      .set({ email: used.email, updatedAt: now })
      .where('id', '=', used.personId)
      .execute();
    await trx
      .updateTable('accounts')
      .set({ emailVerifiedAt: now, updatedAt: now })
      .where('personId', '=', used.personId)
      .execute();
    const where = await repo.activeInstitutionIds(trx, [used.personId], localDate(now));
    await recordAudit(
      trx,
      { ...origin, actorPersonId: origin.actorPersonId ?? used.personId },
      where.map((w) => ({
        institutionId: w.institutionId,
        action: 'account.emailConfirmed',
        subjectType: 'person',
        subjectId: w.personId,
        before: { email: before.email },
        after: { email: used.email },
      })),
    );
  });
}
