import { addDays } from '@common/calendar.js';
import type { Locale } from '@common/enums.js';
import type { CalendarFeed, CalendarFeedCreated } from '@common/schemas/timetable.js';
import ical, { ICalEventStatus } from 'ical-generator';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate, SCHOOL_TIME_ZONE } from '../../lib/clock.js';
import { newToken, sha256 } from '../../lib/tokens.js';
import { translatorFor } from '../../plugins/i18n.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import type { LessonRow } from './lessons.repository.js';
import { childrenAt, studentLessons, teacherLessons } from './my-timetable.service.js';
import { schoolFor, shortName, subjectName } from './timetable.access.js';

/**
 * The per-person secret calendar feed (iCalendar) that phone calendars subscribe to. The token is a 256-bit
 * bearer secret shown once; only its SHA-256 is stored. Creating a new one revokes the old, revoking is
 * immediate, and a disabled or deleted account's feed answers 404 like an unknown token.
 */

/** The feed reaches this far back and ahead (a phone keeps a little history and the next weeks). */
export const FEED_DAYS_BACK = 14;
export const FEED_DAYS_AHEAD = 56;

export async function feedStatus(deps: AppDeps, actor: Actor): Promise<CalendarFeed> {
  schoolFor(actor, 'timetable.readOwn');
  const row = await deps.db
    .selectFrom('calendarFeeds')
    .where('personId', '=', actor.personId)
    .where('revokedAt', 'is', null)
    .select(['createdAt', 'lastUsedAt'])
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  return {
    active: !!row,
    createdAt: row ? new Date(row.createdAt).toISOString() : null,
    lastUsedAt: row?.lastUsedAt ? new Date(row.lastUsedAt).toISOString() : null,
  };
}

export async function createFeed(deps: AppDeps, actor: Actor, origin: AuditOrigin): Promise<CalendarFeedCreated> {
  const school = schoolFor(actor, 'timetable.readOwn');
  const token = newToken();
  await deps.db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('calendarFeeds')
      .set({ revokedAt: origin.at })
      .where('personId', '=', actor.personId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    await trx
      .insertInto('calendarFeeds')
      .values({ personId: actor.personId, tokenHash: sha256(token), createdAt: origin.at })
      .execute();
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'calendarFeed.created',
      subjectType: 'person',
      subjectId: actor.personId,
      after: { revoked: Number(revoked.numUpdatedRows) },
    });
  });
  return { url: `${deps.config.PUBLIC_URL.replace(/\/$/, '')}/ical/${token}.ics`, createdAt: origin.at.toISOString() };
}

export async function revokeFeed(deps: AppDeps, actor: Actor, origin: AuditOrigin) {
  const school = schoolFor(actor, 'timetable.readOwn');
  await deps.db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('calendarFeeds')
      .set({ revokedAt: origin.at })
      .where('personId', '=', actor.personId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    if (Number(revoked.numUpdatedRows) > 0) {
      await recordAudit(trx, origin, {
        institutionId: school.id,
        action: 'calendarFeed.revoked',
        subjectType: 'person',
        subjectId: actor.personId,
      });
    }
  });
}

/** The lessons a person's feed carries: over every school where they are staff, a student or a parent today. */
async function feedLessons(deps: AppDeps, personId: number, today: string) {
  const from = addDays(today, -FEED_DAYS_BACK);
  const to = addDays(today, FEED_DAYS_AHEAD);
  const memberships = await deps.db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institutionId')
    .where('m.personId', '=', personId)
    .where('i.kind', '=', 'school')
    .where('m.startsOn', '<=', today)
    .where((eb) => eb.or([eb('m.endsOn', 'is', null), eb('m.endsOn', '>', today)]))
    .select(['m.institutionId', 'm.profile'])
    .distinct()
    .execute();
  const out: Array<{ lesson: LessonRow; child: string | null }> = [];
  for (const m of memberships) {
    if (m.profile === 'school_employee') {
      for (const lesson of await teacherLessons(deps.db, m.institutionId, personId, from, to))
        out.push({ lesson, child: null });
    } else if (m.profile === 'student') {
      for (const lesson of await studentLessons(deps.db, m.institutionId, personId, from, to))
        out.push({ lesson, child: null });
    } else if (m.profile === 'parent') {
      for (const c of await childrenAt(deps.db, m.institutionId, personId, today)) {
        for (const lesson of await studentLessons(deps.db, m.institutionId, c.personId, from, to)) {
          out.push({ lesson, child: c.firstName });
        }
      }
    }
  }
  return out;
}

/** Kazakhstan keeps UTC+5 all year since 1 March 2024, so one fixed VTIMEZONE is exact for every lesson. */
const ALMATY_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${SCHOOL_TIME_ZONE}`,
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0500',
  'TZOFFSETTO:+0500',
  'TZNAME:+05',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** The iCalendar text of a feed token, or 404 (unknown, revoked, account disabled or deleted). */
export async function renderFeed(deps: AppDeps, token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound();
  const feed = await deps.db
    .selectFrom('calendarFeeds as f')
    .innerJoin('accounts as a', 'a.personId', 'f.personId')
    .innerJoin('persons as p', 'p.id', 'f.personId')
    .where('f.tokenHash', '=', sha256(token))
    .where('f.revokedAt', 'is', null)
    .where('a.status', '=', 'active')
    .where('p.deletedAt', 'is', null)
    .select(['f.id', 'f.personId', 'a.locale'])
    .executeTakeFirst();
  if (!feed) throw notFound();
  const now = deps.clock.now();
  await deps.db.updateTable('calendarFeeds').set({ lastUsedAt: now }).where('id', '=', feed.id).execute();

  const locale = feed.locale as Locale;
  const t = translatorFor(locale);
  const host = new URL(deps.config.PUBLIC_URL).hostname;
  const cal = ical({
    name: t('timetable:ical.name'),
    prodId: { company: 'Dapter', product: 'timetable', language: locale.toUpperCase() },
    timezone: { name: SCHOOL_TIME_ZONE, generator: (tz) => (tz === SCHOOL_TIME_ZONE ? ALMATY_VTIMEZONE : null) },
    ttl: 60 * 60,
  });
  for (const { lesson: l, child } of await feedLessons(deps, feed.personId, localDate(now))) {
    const subject = subjectName(l, locale);
    const cancelled = l.status === 'cancelled';
    const teacher = shortName({
      surname: l.teacherSurname,
      firstName: l.teacherFirstName,
      patronymic: l.teacherPatronymic,
    });
    const substitute =
      l.substituteSurname !== null && l.substituteFirstName !== null
        ? shortName({
            surname: l.substituteSurname,
            firstName: l.substituteFirstName,
            patronymic: l.substitutePatronymic,
          })
        : null;
    const summary = [child ? `${child}: ` : '', subject, cancelled ? ` (${t('timetable:ical.cancelled')})` : ''].join(
      '',
    );
    const description = [
      `${l.grade} ${l.letter}${l.subgroupName ? `, ${l.subgroupName}` : ''}`,
      substitute ? t('timetable:ical.substitute', { teacher: substitute, instead: teacher }) : teacher,
      l.lastNote ?? '',
    ]
      .filter(Boolean)
      .join('\n');
    // Local wall-clock strings (no Z): with the calendar's time zone ical-generator writes them as they are.
    const timed = l.startsAt !== null && l.endsAt !== null;
    cal.createEvent({
      id: `lesson-${l.id}@${host}`,
      start: timed ? `${l.date}T${l.startsAt}` : `${l.date}T00:00:00`,
      end: timed ? `${l.date}T${l.endsAt}` : undefined,
      allDay: !timed,
      timezone: timed ? SCHOOL_TIME_ZONE : null,
      summary,
      description,
      location: l.roomName ?? undefined,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // With a calendar time zone ical-generator writes DTSTAMP without its Z; RFC 5545 wants it in UTC.
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return cal.toString().replace(/^DTSTAMP:[^\r\n]*/gm, `DTSTAMP:${stamp}`);
}
