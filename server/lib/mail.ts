/**
 * Outgoing mail. Production sends through SMTP_URL (nodemailer); without it (the embedded default) messages go
 * to a database outbox the demo can show. Tests use a real SMTP server. Never log message bodies: they carry
 * personal data and one-time links.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Placeholder until the mail workstream lands: keeps messages in memory. */
export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage) {
    this.sent.push(message);
  }
}
