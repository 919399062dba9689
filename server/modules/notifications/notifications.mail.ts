import type { Locale } from '@common/enums.js';
import type { Notification, NotificationKind } from '@common/schemas/notifications.js';
import type { AppDeps } from '../../deps.js';
import { translatorFor } from '../../plugins/i18n.js';
import { unsubscribeToken } from './unsubscribe-token.js';

/**
 * Notification e-mails in the recipient's language (their account's), plain text with a simple HTML alternative,
 * each with its kind's one-click unsubscribe: a link in the body and the List-Unsubscribe / List-Unsubscribe-Post
 * headers of RFC 8058, so mail apps offer their own "unsubscribe" button (it POSTs to the same URL).
 */
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const unsubscribeUrl = (deps: AppDeps, token: string) =>
  `${deps.config.PUBLIC_URL.replace(/\/$/, '')}/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`;

interface Recipient {
  name: string;
  locale: Locale;
}

function render(
  locale: Locale,
  v: {
    subject: string;
    greeting: string;
    lines: string[];
    link: string;
    unsubscribe: Array<{ kind: string; url: string }>;
  },
) {
  const t = translatorFor(locale);
  const o = { ns: 'notifications' };
  const unsub = v.unsubscribe.map((u) => t('mail.unsubscribe', { ...o, kind: t(`kind.${u.kind}`, o), link: u.url }));
  const text = [
    v.greeting,
    '',
    ...v.lines,
    '',
    t('mail.open', { ...o, link: v.link }),
    '',
    '--',
    ...unsub,
    t('mail.footer', o),
  ].join('\n');
  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:15px;color:#1a1b1e;line-height:1.5">',
    p(v.greeting),
    ...v.lines.map(p),
    `<p style="margin:16px 0"><a href="${escapeHtml(v.link)}">${escapeHtml(v.link)}</a></p>`,
    '<hr style="border:none;border-top:1px solid #ddd">',
    ...v.unsubscribe.map(
      (u) =>
        `<p style="font-size:12px;color:#888">${escapeHtml(t(`kind.${u.kind}`, o))}: <a href="${escapeHtml(u.url)}">${escapeHtml(t('mail.unsubscribeAction', o))}</a></p>`,
    ),
    `<p style="font-size:12px;color:#888">${escapeHtml(t('mail.footer', o))}</p>`,
    '</body></html>',
  ].join('\n');
  const first = v.unsubscribe[0];
  return {
    subject: v.subject,
    text,
    html,
    headers: first
      ? { 'List-Unsubscribe': `<${first.url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : undefined,
  };
}

async function links(deps: AppDeps, personId: number, kinds: NotificationKind[]) {
  return Promise.all(
    [...new Set(kinds)].map(async (kind) => ({
      kind,
      url: unsubscribeUrl(deps, await unsubscribeToken(deps.db, personId, kind)),
    })),
  );
}

export async function notificationMail(deps: AppDeps, to: Recipient, personId: number, n: Notification) {
  const t = translatorFor(to.locale);
  const o = { ns: 'notifications' };
  const unsubscribe = await links(deps, personId, [n.kind]);
  const mail = render(to.locale, {
    subject: t('mail.subject', { ...o, kind: t(`kind.${n.kind}`, o) }),
    greeting: t('mail.greeting', { ...o, name: to.name }),
    lines: [n.text],
    link: deps.config.PUBLIC_URL,
    unsubscribe,
  });
  return mail;
}

export async function digestMail(deps: AppDeps, to: Recipient, personId: number, items: Notification[]) {
  const t = translatorFor(to.locale);
  const o = { ns: 'notifications' };
  const unsubscribe = await links(
    deps,
    personId,
    items.map((i) => i.kind),
  );
  return render(to.locale, {
    subject: t('mail.digestSubject', o),
    greeting: t('mail.greeting', { ...o, name: to.name }),
    lines: [t('mail.digestIntro', o), ...items.map((i) => `• ${i.text}`)],
    link: deps.config.PUBLIC_URL,
    unsubscribe,
  });
}

/** The system newsletter: its own subject and text, who sent it, and the unsubscribe of the 'newsletter' kind. */
export async function newsletterMail(
  deps: AppDeps,
  to: Recipient,
  personId: number,
  n: { subject: string; body: string; from: string },
) {
  const t = translatorFor(to.locale);
  const o = { ns: 'notifications' };
  return render(to.locale, {
    subject: n.subject,
    greeting: t('mail.greeting', { ...o, name: to.name }),
    lines: [...n.body.split(/\r?\n/), '', t('newsletter.mailFrom', { ...o, name: n.from })],
    link: deps.config.PUBLIC_URL,
    unsubscribe: await links(deps, personId, ['newsletter']),
  });
}

/** The confirmation mail of a new e-mail contact (the only mail an unconfirmed address ever gets). */
export function confirmContactMail(locale: Locale, v: { name: string; username: string; link: string }) {
  const t = translatorFor(locale);
  const o = { ns: 'notifications' };
  const lines = [t('mail.confirmIntro', { ...o, username: v.username }), t('mail.confirmOpen', o)];
  const after = [t('mail.confirmExpires', o), t('mail.confirmIgnore', o)];
  const text = [
    t('mail.greeting', { ...o, name: v.name }),
    '',
    ...lines,
    '',
    v.link,
    '',
    ...after,
    '',
    '--',
    t('mail.footer', o),
  ].join('\n');
  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:15px;color:#1a1b1e;line-height:1.5">',
    p(t('mail.greeting', { ...o, name: v.name })),
    ...lines.map(p),
    `<p style="margin:16px 0"><a href="${escapeHtml(v.link)}" style="background:#1c7ed6;color:#fff;padding:10px 18px;` +
      `border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(t('mail.confirmAction', o))}</a></p>`,
    `<p style="margin:0 0 12px;font-size:13px;color:#555;word-break:break-all">${escapeHtml(v.link)}</p>`,
    ...after.map(p),
    `<hr style="border:none;border-top:1px solid #ddd"><p style="font-size:12px;color:#888">${escapeHtml(t('mail.footer', o))}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: t('mail.confirmSubject', o), text, html };
}
