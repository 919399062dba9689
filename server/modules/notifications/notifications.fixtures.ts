import type { NotificationList } from '@common/schemas/notifications.js';
import { expect } from 'vitest';
import { createMailer } from '../../lib/mail.js';
import { createPerson, createTenant, linkGuardian } from '../../test/factories.js';
import { type Client, createTestApp, signIn } from '../../test/harness.js';
import { createJournal } from '../journal/journal.fixtures.js';
import { startTestSmtp } from '../mail/test-smtp.js';

/**
 * The set-up notifications.test.ts and contacts/contacts.test.ts share: the real app mailing a real (test) SMTP
 * server, delivery run directly (NOTIFY_DEBOUNCE_SECONDS=0), a class of three with six lessons, and the parent of
 * its first pupil with a confirmed e-mail. The clock stands at 2026-10-01 09:00 in Kazakhstan (outside the default
 * quiet hours 22:00–07:00).
 */

export const PARENT_MAIL = 'parent.one@example.kz';

export async function notificationsWorld() {
  const smtp = await startTestSmtp();
  const t = await createTestApp(
    { NOTIFY_DEBOUNCE_SECONDS: '0', SMTP_URL: smtp.url, PUBLIC_URL: 'http://dapter.test' },
    undefined,
    { mailer: (config, database) => createMailer(config, database) },
  );
  const a = await createTenant(t.deps.db, t.deps.hasher);
  const b = await createTenant(t.deps.db, t.deps.hasher);
  const j = await createJournal(t.deps.db, t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 3,
    lessons: 6,
  });
  const parent = await createPerson(t.deps.db, t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
  await linkGuardian(t.deps.db, a.school.id, parent.personId, j.students[0]!.personId);
  const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
  const parentClient = await signIn(t.app, parent.username, parent.password);

  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
  const list = async (c: Client) => {
    const res = await c.get('/api/v1/notifications');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as NotificationList;
  };
  let expected = 0;
  /** Saves marks as the teacher: a distinct value each time so every save changes the cells. */
  async function saveMarks(student: number, lessons: number[]) {
    expected++;
    const current = await t.deps.db
      .selectFrom('marks')
      .where('schoolId', '=', a.school.id)
      .where('studentPersonId', '=', j.students[student]!.personId)
      .where('deletedAt', 'is', null)
      .select(['lessonId', 'version'])
      .execute();
    const res = await teacher.put(`/api/v1/journal/${j.assignmentId}/marks`, {
      cells: lessons.map((l) => ({
        studentId: j.students[student]!.personId,
        lessonId: j.lessons[l]!.id,
        value: 1 + (expected % 10),
        expectedVersion: current.find((m) => m.lessonId === j.lessons[l]!.id)?.version ?? null,
      })),
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  async function addConfirmedEmail(c: Client, address: string) {
    const add = await c.post('/api/v1/me/contacts', { kind: 'email', value: address });
    expect(add.statusCode, add.body).toBe(201);
    const mail = await smtp.waitFor((m) => m.to.includes(address) && m.text.includes('/contacts/confirm#token='));
    const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/contacts/confirm', payload: { token } });
    expect(res.statusCode, res.body).toBe(200);
  }

  await addConfirmedEmail(parentClient, PARENT_MAIL);
  return { smtp, t, a, b, j, teacher, parent, parentClient, mailsTo, list, saveMarks, addConfirmedEmail };
}
