import type { DeviceKind } from '@common/schemas/sessions.js';

/**
 * A person recognises a session by its device: "Chrome 126 · Windows", "Safari · iPhone". A full user-agent
 * database is a large, fast-moving dependency for a label; these rules name the browsers and systems people in
 * Kazakhstan actually use (Yandex Browser among them) and fall back to the client's own product name (curl,
 * an app) or to nothing. The raw string is never shown: it is noise to a person and stays in the audit log.
 */
export interface Device {
  browser: string | null;
  os: string | null;
  kind: DeviceKind;
}

/** Checked in order: many browsers also claim to be Chrome and Safari, so the specific ones come first. */
const BROWSERS: Array<[RegExp, string]> = [
  [/YaBrowser\/(\d+)/, 'Yandex Browser'],
  [/YaSearchBrowser\/(\d+)/, 'Yandex'],
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/(?:OPR|OPT|Opera)\/(\d+)/, 'Opera'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/CriOS\/(\d+)/, 'Chrome'],
  [/(?:HeadlessChrome|Chrome)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)(?:\.\d+)*.*Safari\//, 'Safari'],
  [/(?:iPhone|iPad).*AppleWebKit/, 'Safari'],
];

function browserOf(ua: string): string | null {
  for (const [pattern, name] of BROWSERS) {
    const m = pattern.exec(ua);
    if (m) return m[1] ? `${name} ${m[1]}` : name;
  }
  // Not a browser: a script or an app. Its first product token says what it is ("curl 8", "okhttp 4").
  const product = /^([A-Za-z][\w.-]{0,30})\/(\d+)/.exec(ua);
  if (product && product[1] !== 'Mozilla') return `${product[1]} ${product[2]}`;
  return null;
}

const WINDOWS: Record<string, string> = {
  '10.0': 'Windows',
  '6.3': 'Windows 8.1',
  '6.2': 'Windows 8',
  '6.1': 'Windows 7',
};

function osOf(ua: string): string | null {
  let m = /Windows NT (\d+\.\d+)/.exec(ua);
  if (m?.[1]) return WINDOWS[m[1]] ?? 'Windows';
  m = /iPhone OS (\d+)/.exec(ua);
  if (m || /iPhone/.test(ua)) return m?.[1] ? `iOS ${m[1]}` : 'iOS';
  m = /iPad.*OS (\d+)/.exec(ua);
  if (m || /iPad/.test(ua)) return m?.[1] ? `iPadOS ${m[1]}` : 'iPadOS';
  m = /Android (\d+)/.exec(ua);
  if (m || /Android/.test(ua)) return m?.[1] ? `Android ${m[1]}` : 'Android';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
  if (/Linux|X11/.test(ua)) return 'Linux';
  return null;
}

function kindOf(ua: string, browser: string | null, os: string | null): DeviceKind {
  if (/iPad|Tablet/.test(ua) || (/Android/.test(ua) && !/Mobile/.test(ua))) return 'tablet';
  if (/Mobi|iPhone|Android/.test(ua)) return 'mobile';
  if (os && /Mozilla\//.test(ua)) return 'desktop';
  return browser || os ? 'other' : 'unknown';
}

export function describeUserAgent(userAgent: string | null | undefined): Device {
  const ua = (userAgent ?? '').slice(0, 500);
  if (!ua.trim()) return { browser: null, os: null, kind: 'unknown' };
  const browser = browserOf(ua);
  const os = osOf(ua);
  return { browser, os, kind: kindOf(ua, browser, os) };
}
