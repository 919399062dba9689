import type { AppDeps } from '../../deps.js';
import { busOf } from './bus.js';
import { sendDigest, sendNotificationMail } from './deliver.email.js';
import { processEvents } from './deliver.events.js';
import { sendNewsletterMail } from './deliver.newsletter.js';
import { sendNotificationPush } from './deliver.push.js';
import { claimDue, fail, finish, postpone } from './queue.js';

/**
 * The delivery job: turns queued events into notifications and sends the e-mails and pushes. `runDue` works until
 * nothing is due; the scheduler calls it every second (notifications.jobs.ts), tests call it directly.
 *
 * One queue, several job kinds: 'event' rows of a batch are turned into notifications together in one transaction
 * (deliver.events.ts — coalescing, recipients, scheduling of the channel jobs), so a burst of saves merges; every
 * other row is one message to one person, sent on its own so that one bad address or dead push endpoint fails
 * only its job: e-mail and digest (deliver.email.ts), newsletter copy (deliver.newsletter.ts), web push
 * (deliver.push.ts). A sender answers the number sent, or a Date to come back at (quiet hours).
 * Recipients of new or merged notifications are announced on the bus after the commit (bus.ts), so open pages
 * refetch at once.
 */
const BATCH = 200;

export async function runDue(deps: AppDeps, signal?: AbortSignal) {
  const counts = { events: 0, notifications: 0, mails: 0, postponed: 0, failed: 0 };
  while (!signal?.aborted) {
    const now = deps.clock.now();
    const jobs = await claimDue(deps.db, now, BATCH);
    if (jobs.length === 0) break;
    const events = jobs.filter((j) => j.kind === 'event');
    if (events.length > 0) {
      try {
        const done = await deps.db.transaction().execute(async (trx) => {
          const r = await processEvents(trx, deps, events, now);
          await finish(
            trx,
            events.map((j) => j.id),
          );
          return r;
        });
        counts.notifications += done.inserted;
        counts.events += events.length;
        await busOf(deps).publish(done.touched);
      } catch (error) {
        counts.failed += events.length;
        for (const j of events) await fail(deps.db, j, now, error);
      }
    }
    for (const job of jobs.filter((j) => j.kind !== 'event')) {
      try {
        const r =
          job.kind === 'email'
            ? 'newsletter' in job.payload
              ? await sendNewsletterMail(deps, job, now)
              : await sendNotificationMail(deps, job, now)
            : job.kind === 'push'
              ? await sendNotificationPush(deps, job, now)
              : await sendDigest(deps, job, now);
        if (r instanceof Date) {
          await postpone(deps.db, job.id, r);
          counts.postponed++;
        } else {
          await finish(deps.db, [job.id]);
          counts.mails += r;
        }
      } catch (error) {
        counts.failed++;
        await fail(deps.db, job, now, error);
      }
    }
  }
  return counts;
}
