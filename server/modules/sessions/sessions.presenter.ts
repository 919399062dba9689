import type { MySession } from '@common/schemas/sessions.js';
import type { LiveSessionRow } from './sessions.repository.js';
import { describeUserAgent } from './user-agent.js';

export function presentSession(row: LiveSessionRow, currentSessionId: number): MySession {
  const device = describeUserAgent(row.userAgent);
  return {
    id: row.id,
    createdAt: new Date(row.createdAt).toISOString(),
    lastSeenAt: new Date(row.lastSeenAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
    // Sign-in stores '' when the address is unknown.
    ip: row.ip || null,
    browser: device.browser,
    os: device.os,
    deviceKind: device.kind,
    current: row.id === currentSessionId,
  };
}
