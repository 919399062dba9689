import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { parseMail } from '../server/modules/mail/test-smtp.js';

/**
 * The mail the server under test sent, as the test SMTP server received it (global-setup writes each message to
 * `mailDir`). Addresses are unique per test, so a test only ever sees its own messages.
 */
export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export function readMailbox(): Mail[] {
  const dir = inject('mailDir');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const { to, raw } = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { to: string[]; raw: string };
      return { to, ...parseMail(raw) };
    });
}

/** Waits for the `nth` (0-based) message to `address` whose text contains `contains`; fails after `timeoutMs`. */
export async function waitForMail(address: string, contains: string, nth = 0, timeoutMs = 20_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readMailbox().filter((m) => m.to.includes(address) && m.text.includes(contains));
    if (found[nth]) return found[nth];
    if (Date.now() > deadline) throw new Error(`no mail #${nth} to ${address} containing "${contains}"`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The one-time link in a message (`…/reset-password#token=…`). */
export function linkIn(mail: Mail, path: string): string {
  const m = new RegExp(`https?://\\S+${path}#token=[A-Za-z0-9_-]+`).exec(mail.text);
  if (!m) throw new Error(`no ${path} link in "${mail.subject}"`);
  return m[0];
}
