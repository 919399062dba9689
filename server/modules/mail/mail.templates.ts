import type { Locale } from '@common/enums.js';
import { translatorFor } from '../../plugins/i18n.js';

/**
 * The messages the server sends, in the recipient's language (their account locale), as plain text with a
 * simple HTML alternative. Texts live in the `passwords` i18n namespace (mail.*).
 */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface LinkMail {
  subject: string;
  greeting: string;
  lines: string[];
  action: string;
  link: string;
  after: string[];
  footer: string;
}

function render(m: LinkMail): RenderedMail {
  const text = [m.greeting, '', ...m.lines, '', m.link, '', ...m.after, '', '--', m.footer].join('\n');
  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:15px;color:#1a1b1e;line-height:1.5">',
    p(m.greeting),
    ...m.lines.map(p),
    `<p style="margin:16px 0"><a href="${escapeHtml(m.link)}" style="background:#1c7ed6;color:#fff;padding:10px 18px;` +
      `border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(m.action)}</a></p>`,
    `<p style="margin:0 0 12px;font-size:13px;color:#555;word-break:break-all">${escapeHtml(m.link)}</p>`,
    ...m.after.map(p),
    `<hr style="border:none;border-top:1px solid #ddd"><p style="font-size:12px;color:#888">${escapeHtml(m.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: m.subject, text, html };
}

export function recoveryMail(locale: Locale, v: { name: string; username: string; link: string }): RenderedMail {
  const t = translatorFor(locale);
  const o = { ns: 'passwords' };
  return render({
    subject: t('mail.recovery.subject', o),
    greeting: t('mail.greeting', { ...o, name: v.name }),
    lines: [t('mail.recovery.intro', { ...o, username: v.username }), t('mail.recovery.open', o)],
    action: t('mail.recovery.action', o),
    link: v.link,
    after: [t('mail.recovery.expires', o), t('mail.recovery.ignore', o)],
    footer: t('mail.footer', o),
  });
}

export function confirmEmailMail(locale: Locale, v: { name: string; username: string; link: string }): RenderedMail {
  const t = translatorFor(locale);
  const o = { ns: 'passwords' };
  return render({
    subject: t('mail.confirm.subject', o),
    greeting: t('mail.greeting', { ...o, name: v.name }),
    lines: [t('mail.confirm.intro', { ...o, username: v.username }), t('mail.confirm.open', o)],
    action: t('mail.confirm.action', o),
    link: v.link,
    after: [t('mail.confirm.expires', o), t('mail.confirm.ignore', o)],
    footer: t('mail.footer', o),
  });
}
