import { z } from 'zod';
import { zId } from './primitives.js';

export const DEVICE_KINDS = ['desktop', 'mobile', 'tablet', 'other', 'unknown'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/**
 * One live session of mine (user agreement 3.4, 4.17; ASVS 7.5.2). Its "place" is the address it signed in
 * from: the server has no geolocation database (it works offline), so it does not guess a city.
 */
export const zMySession = z.object({
  id: zId,
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** The absolute end; an idle session ends earlier (SESSION_IDLE_MINUTES after lastSeenAt). */
  expiresAt: z.string(),
  /** The client address at sign-in. */
  ip: z.string().nullable(),
  /** From the user agent, in words: "Chrome 126", "Windows"; null when it cannot be told. */
  browser: z.string().nullable(),
  os: z.string().nullable(),
  deviceKind: z.enum(DEVICE_KINDS),
  /** The session this request came with. */
  current: z.boolean(),
});
export type MySession = z.infer<typeof zMySession>;

export const zMySessions = z.object({ items: z.array(zMySession) });
export type MySessions = z.infer<typeof zMySessions>;

/** How many sessions an action ended. */
export const zSessionsEnded = z.object({ ended: z.number().int().min(0) });
export type SessionsEnded = z.infer<typeof zSessionsEnded>;
