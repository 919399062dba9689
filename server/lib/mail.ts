import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';

/**
 * Outgoing mail. With SMTP_URL the server sends through that SMTP server (nodemailer); without it (the embedded
 * default) messages land in the mail_outbox table, which the demo can show outside production (GET /dev/outbox).
 * Tests use a real SMTP server. Never log message bodies or addresses: they carry personal data and one-time links.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The recipient, when the message is for a person of ours (the outbox shows it to them and their administrators). */
  personId?: number | null;
  /** Extra header lines (List-Unsubscribe, List-Unsubscribe-Post of RFC 8058 on notification mail). */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close?(): Promise<void>;
}

/** Keeps messages in memory (tests that only need to see what was sent). */
export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage) {
    this.sent.push(message);
  }
}

/** Hands messages to an SMTP server. `smtp://host:587` upgrades with STARTTLS when offered; `smtps://` is TLS. */
export class SmtpMailer implements Mailer {
  readonly #transport: Transporter;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.#transport = nodemailer.createTransport(url);
  }
  async send({ to, subject, text, html, headers }: MailMessage) {
    await this.#transport.sendMail({
      from: this.from,
      to,
      subject,
      text,
      ...(html ? { html } : {}),
      ...(headers ? { headers } : {}),
    });
  }
  async close() {
    this.#transport.close();
  }
}

/** Writes messages to the database outbox; nothing leaves the machine. */
export class OutboxMailer implements Mailer {
  constructor(private readonly db: Database) {}
  async send({ to, subject, text, html, personId }: MailMessage) {
    await this.db
      .insertInto('mailOutbox')
      .values({ toAddress: to, subject, textBody: text, htmlBody: html ?? null, personId: personId ?? null })
      .execute();
  }
}

/** The mailer a configuration asks for: SMTP when SMTP_URL is set, else the outbox. */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>, db: Database): Mailer {
  return config.SMTP_URL ? new SmtpMailer(config.SMTP_URL, config.MAIL_FROM) : new OutboxMailer(db);
}

/** Whether mail goes to the outbox the demo screen shows. */
export const usesOutbox = (config: Pick<Config, 'SMTP_URL' | 'NODE_ENV'>) =>
  !config.SMTP_URL && config.NODE_ENV !== 'production';

const inFlight = new WeakMap<Mailer, Set<Promise<void>>>();
const queues = new WeakMap<Mailer, { tail: Promise<void>; waiting: number }>();
/** Background work waiting per mailer; beyond this, new work is dropped (and reported) instead of piling up. */
const MAX_QUEUED = 200;

function track(mailer: Mailer, p: Promise<void>) {
  const pending = inFlight.get(mailer) ?? new Set<Promise<void>>();
  inFlight.set(mailer, pending);
  pending.add(p);
  p.finally(() => pending.delete(p)).catch(() => undefined);
}

/**
 * Runs work that ends in mail after the caller has answered, one task at a time per mailer. Public flows
 * (password recovery) answer the same way, in the same time, whether or not an account was found and a message
 * went out: neither the lookup nor a slow SMTP round trip may reveal that an account exists. One at a time, so
 * checks such as "at most 3 links an hour" see the previous request's row. Failures go to `onError` (log them
 * without the message: it holds a one-time link). Returns false when the queue is full and the task was dropped.
 */
export function runInBackground(mailer: Mailer, task: () => Promise<void>, onError: (error: unknown) => void) {
  const queue = queues.get(mailer) ?? { tail: Promise.resolve(), waiting: 0 };
  queues.set(mailer, queue);
  if (queue.waiting >= MAX_QUEUED) {
    onError(new Error('background mail queue full'));
    return false;
  }
  queue.waiting++;
  // setImmediate: start only after the current request's response has been written (PGlite and argon2 share the
  // thread with the HTTP server; work started in the same tick would delay the answer and so reveal itself).
  const p = queue.tail
    .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    .then(task)
    .catch(onError)
    .finally(() => {
      queue.waiting--;
    });
  queue.tail = p;
  track(mailer, p);
  return true;
}

/** Sends without making the caller wait (tracked, so shutdown and tests can wait for it). */
export function sendInBackground(mailer: Mailer, message: MailMessage, onError: (error: unknown) => void) {
  track(mailer, mailer.send(message).catch(onError));
}

/** Waits for all background work of this mailer (shutdown, tests). */
export async function settleMail(mailer: Mailer) {
  const pending = inFlight.get(mailer);
  while (pending && pending.size > 0) await Promise.allSettled([...pending]);
}
