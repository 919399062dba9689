import type { Contact, ContactCreate } from '@common/schemas/notifications.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { sendInBackground } from '../../lib/mail.js';
import { newToken, sha256 } from '../../lib/tokens.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { confirmContactMail } from '../notifications/notifications.mail.js';

/**
 * A person's contacts for notifications (issue 7 §2): e-mail addresses (confirmed through a link before they get
 * anything else) and phone numbers (stored for SMS later; nothing confirms them yet). Only the SHA-256 of a
 * confirmation token is stored. Adding the same unconfirmed address again sends a fresh link.
 */
const CONFIRM_HOURS = 48;
/** Per person and kind: enough for a family's addresses, too few to turn Dapter into a mailing tool. */
const MAX_PER_KIND = 5;
const PG_UNIQUE_VIOLATION = '23505';
const RESEND_AFTER_MS = 60_000;

type ContactRow = {
  id: number;
  kind: 'email' | 'phone';
  value: string;
  confirmedAt: Date | null;
  tokenExpiresAt: Date | null;
  createdAt: Date;
};

const present = (r: ContactRow): Contact => ({
  id: r.id,
  kind: r.kind,
  value: r.value,
  confirmedAt: r.confirmedAt ? new Date(r.confirmedAt).toISOString() : null,
  confirmationExpiresAt: !r.confirmedAt && r.tokenExpiresAt ? new Date(r.tokenExpiresAt).toISOString() : null,
  createdAt: new Date(r.createdAt).toISOString(),
});

const columns = ['id', 'kind', 'value', 'confirmedAt', 'tokenExpiresAt', 'createdAt'] as const;

export async function listContacts(deps: AppDeps, actor: Actor): Promise<Contact[]> {
  const rows = await deps.db
    .selectFrom('contacts')
    .where('personId', '=', actor.personId)
    .select([...columns])
    .orderBy('kind')
    .orderBy('id')
    .execute();
  return rows.map(present);
}

/** Audit rows of a person's own account go to the institution they act through (no contact value: personal data). */
const auditAt = (actor: Actor) => actor.context?.institutionId ?? actor.memberships[0]?.institutionId;

export async function addContact(
  deps: AppDeps,
  actor: Actor,
  input: ContactCreate,
  origin: AuditOrigin,
  onMailError: (e: unknown) => void,
): Promise<Contact> {
  const value = input.kind === 'email' ? input.value.trim() : input.value.replace(/[\s()-]/g, '');
  const token = input.kind === 'email' ? newToken() : null;
  const expires = token ? new Date(origin.at.getTime() + CONFIRM_HOURS * 3600_000) : null;
  let row: ContactRow;
  try {
    row = await deps.db.transaction().execute(async (trx) => {
      const mine = await trx
        .selectFrom('contacts')
        .where('personId', '=', actor.personId)
        .where('kind', '=', input.kind)
        .select(['id', 'value', 'confirmedAt', 'tokenExpiresAt'])
        .forUpdate()
        .execute();
      const same = mine.find((c) => c.value.toLowerCase() === value.toLowerCase());
      if (same && (same.confirmedAt || !token)) throw new AppError(409, 'contacts.duplicate');
      if (same) {
        // Not confirmed yet: a new link replaces the old one — at most one a minute, so nobody can use Dapter to
        // flood an address they typed in.
        const issuedAt = same.tokenExpiresAt ? new Date(same.tokenExpiresAt).getTime() - CONFIRM_HOURS * 3600_000 : 0;
        if (origin.at.getTime() - issuedAt < RESEND_AFTER_MS) throw new AppError(409, 'contacts.tooSoon');
        return trx
          .updateTable('contacts')
          .set({ tokenHash: sha256(token!), tokenExpiresAt: expires })
          .where('id', '=', same.id)
          .returning([...columns])
          .executeTakeFirstOrThrow();
      }
      if (mine.length >= MAX_PER_KIND) throw new AppError(409, 'contacts.tooMany');
      const created = await trx
        .insertInto('contacts')
        .values({
          personId: actor.personId,
          kind: input.kind,
          value,
          tokenHash: token ? sha256(token) : null,
          tokenExpiresAt: expires,
          createdAt: origin.at,
        })
        .returning([...columns])
        .executeTakeFirstOrThrow();
      const at = auditAt(actor);
      if (at) {
        await recordAudit(trx, origin, {
          institutionId: at,
          action: 'account.contactAdded',
          subjectType: 'person',
          subjectId: actor.personId,
          after: { contactId: created.id, kind: input.kind },
        });
      }
      return created;
    });
  } catch (e) {
    if ((e as { code?: unknown })?.code === PG_UNIQUE_VIOLATION) throw new AppError(409, 'contacts.duplicate');
    throw e;
  }
  if (token) {
    const link = `${deps.config.PUBLIC_URL.replace(/\/$/, '')}/contacts/confirm#token=${token}`;
    const mail = confirmContactMail(actor.locale, { name: actor.firstName, username: actor.username, link });
    sendInBackground(deps.mailer, { ...mail, to: value, personId: actor.personId }, onMailError);
  }
  return present(row);
}

/** The link from the confirmation mail; works without a session (the token is the proof). */
export async function confirmContact(deps: AppDeps, token: string, at: Date) {
  const row = await deps.db
    .updateTable('contacts')
    .set({ confirmedAt: at, tokenHash: null, tokenExpiresAt: null })
    .where('tokenHash', '=', sha256(token))
    .where('tokenExpiresAt', '>', at)
    .where('confirmedAt', 'is', null)
    .returning(['id', 'kind', 'personId'])
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'contacts.tokenInvalid');
  return row;
}

export async function removeContact(deps: AppDeps, actor: Actor, id: number, origin: AuditOrigin) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('contacts')
      .where('id', '=', id)
      .where('personId', '=', actor.personId)
      .returning(['id', 'kind'])
      .executeTakeFirst();
    if (!row) throw notFound();
    const inst = auditAt(actor);
    if (inst) {
      await recordAudit(trx, origin, {
        institutionId: inst,
        action: 'account.contactRemoved',
        subjectType: 'person',
        subjectId: actor.personId,
        before: { contactId: row.id, kind: row.kind },
      });
    }
  });
}
