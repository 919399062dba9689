import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { multipart } from '../imports/imports.fixtures.js';
import { attachmentType, cleanFileName } from './attachment-types.js';
import { createJournal, type JournalFixture } from './journal.fixtures.js';

/** Homework attachments (issue 5 §1): type and size limits, who may add/read/remove them, history and audit. */
const MAX_BYTES = 4096;
const MAX_FILES = 3;

let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;
let teacher: Client;
let other: Client;
let adminB: Client;
let student: Client;
let j: JournalFixture;

const db = () => t.deps.db;
const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const ls = (i: number) => j.lessons[i]!.id;
const files = (lesson: number) => `/api/v1/lessons/${lesson}/homework/attachments`;
const upload = (client: Client, lesson: number, name: string, bytes: Buffer) => {
  const m = multipart(name, bytes, 'application/pdf');
  return client.request('POST', files(lesson), m.body, { 'content-type': m.contentType });
};
const gridLesson = async (client: Client, lesson: number) => {
  const grid = (await client.get(`/api/v1/journal/${j.assignmentId}`)).json();
  return grid.lessons.find((l: { id: number }) => l.id === lesson);
};
const auditRows = (action: string) =>
  db()
    .selectFrom('auditEvents')
    .where('institutionId', '=', a.school.id)
    .where('action', '=', action)
    .select(['subjectId', 'before', 'after'])
    .orderBy('id')
    .execute();

/** A small but real PDF signature with bytes of every value after it (so any re-encoding would show). */
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.4\n'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from('\n%%EOF\n'),
]);
/** The start of a Windows program: "MZ", then the DOS header. */
const exe = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), Buffer.alloc(120)]);

beforeAll(async () => {
  t = await createTestApp({ HOMEWORK_FILE_MAX_BYTES: String(MAX_BYTES), HOMEWORK_MAX_FILES: String(MAX_FILES) });
  a = await createTenant(db(), t.deps.hasher);
  b = await createTenant(db(), t.deps.hasher, REGION_IDS[2]);
  admin = await as(a.people.schoolAdmin);
  teacher = await as(a.people.teacher);
  adminB = await as(b.people.schoolAdmin);
  student = await as(a.people.student);
  const otherTeacher = await createPerson(db(), t.deps.hasher, {
    institutionId: a.school.id,
    profile: 'school_employee',
    roles: ['teacher'],
  });
  other = await as(otherTeacher);
  j = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 2,
    lessons: 6,
  });
  // The other teacher teaches another subject in the same class: no right to this subject's homework.
  await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: otherTeacher.personId,
    yearId: j.yearId,
    lessons: 1,
  });
});
afterAll(async () => {
  await t.close();
});

describe('recognising files by content', () => {
  it('accepts the listed kinds when content and extension agree, refuses everything else', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('1').addRow(['x']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(attachmentType('Тапсырма.pdf', pdf)?.contentType).toBe('application/pdf');
    expect(attachmentType('scan.JPG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))?.contentType).toBe('image/jpeg');
    expect(attachmentType('sheet.xlsx', xlsx)?.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(attachmentType('notes.txt', Buffer.from('Үй тапсырмасы: № 12\r\n'))?.contentType).toBe(
      'text/plain; charset=utf-8',
    );
    // A workbook renamed .docx, a program renamed .pdf, a PDF renamed .exe, binary "text".
    expect(attachmentType('sheet.docx', xlsx)).toBeNull();
    expect(attachmentType('task.pdf', exe)).toBeNull();
    expect(attachmentType('task.exe', pdf)).toBeNull();
    expect(attachmentType('data.txt', Buffer.from([0x41, 0x00, 0x42]))).toBeNull();
    expect(attachmentType('noext', pdf)).toBeNull();
    expect(cleanFileName('C:\\Users\\me\\Тапсырма.pdf')).toBe('Тапсырма.pdf');
    // OpenDocument: the first zip entry is an uncompressed "mimetype" naming the kind (a 30-byte local header first).
    const odf = (mime: string) =>
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(`mimetype${mime}`)]);
    expect(attachmentType('essay.odt', odf('application/vnd.oasis.opendocument.text'))?.extensions).toEqual(['odt']);
    expect(attachmentType('essay.odt', odf('application/vnd.oasis.opendocument.text-template'))).toBeNull();
    expect(attachmentType('data.ods', odf('application/vnd.oasis.opendocument.spreadsheet'))?.extensions).toEqual([
      'ods',
    ]);
    // A zip that is neither (an archive of anything) is refused.
    expect(
      attachmentType('archive.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)])),
    ).toBeNull();
  });
});

describe('homework attachments', () => {
  let first = 0;

  it('needs the homework text first', async () => {
    const res = await upload(teacher, ls(0), 'task.pdf', pdf);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('journal.attachment.noHomework');
  });

  it('uploads and downloads byte for byte, listed with the homework in the grid', async () => {
    expect((await teacher.put(`/api/v1/lessons/${ls(0)}/homework`, { text: '№ 1–5' })).statusCode).toBe(200);
    const name = 'Тапсырма №1 (нұсқа).pdf';
    const res = await upload(teacher, ls(0), name, pdf);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ fileName: name, contentType: 'application/pdf', size: pdf.length });
    first = res.json().id;

    const lesson = await gridLesson(teacher, ls(0));
    expect(lesson.homework).toEqual({
      text: '№ 1–5',
      dueDate: null,
      attachments: [{ id: first, fileName: name, contentType: 'application/pdf', size: pdf.length }],
    });
    const grid = (await teacher.get(`/api/v1/journal/${j.assignmentId}`)).json();
    expect(grid.homeworkLimits).toEqual({ maxFileBytes: MAX_BYTES, maxFiles: MAX_FILES });

    for (const reader of [teacher, admin]) {
      const file = await reader.get(`${files(ls(0))}/${first}`);
      expect(file.statusCode).toBe(200);
      expect(Buffer.compare(file.rawPayload, pdf)).toBe(0);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      const disposition = String(file.headers['content-disposition']);
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.pdf"; /);
      expect(disposition).toContain(
        `filename*=UTF-8''${encodeURIComponent(name).replace('(', '%28').replace(')', '%29')}`,
      );
    }
  });

  it('refuses content that is not an allowed kind, an empty file and one over the size limit', async () => {
    const renamed = await upload(teacher, ls(0), 'setup.pdf', exe);
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json().code).toBe('journal.attachment.type');
    const empty = await upload(teacher, ls(0), 'empty.txt', Buffer.alloc(0));
    expect(empty.statusCode).toBe(422);
    expect(empty.json().code).toBe('journal.attachment.empty');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_BYTES, 0x20)]);
    const tooLarge = await upload(teacher, ls(0), 'big.pdf', big);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().code).toBe('journal.attachment.tooLarge');
    // Exactly at the limit is fine.
    const atLimit = await upload(teacher, ls(0), 'limit.pdf', big.subarray(0, MAX_BYTES));
    expect(atLimit.statusCode).toBe(201);
    // Localised (the teacher's interface language is Kazakh): the message names the limit in MB.
    expect(tooLarge.json().message).toMatch(/^Файл тым үлкен: ең көбі [\d.]+ МБ\.$/);
  });

  it(`allows at most ${MAX_FILES} files a homework`, async () => {
    expect((await upload(teacher, ls(0), 'third.txt', Buffer.from('үш'))).statusCode).toBe(201);
    const fourth = await upload(teacher, ls(0), 'fourth.txt', Buffer.from('төрт'));
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json()).toMatchObject({ code: 'journal.attachment.tooMany' });
    expect((await gridLesson(teacher, ls(0))).homework.attachments).toHaveLength(MAX_FILES);
  });

  it('lets only those who write the homework add or remove files; readers of the journal download', async () => {
    // Teaches another subject of the class: 403, like writing the homework text; another school: 404.
    expect((await upload(other, ls(0), 'x.pdf', pdf)).statusCode).toBe(403);
    expect((await other.delete(`${files(ls(0))}/${first}`)).statusCode).toBe(403);
    expect((await other.get(`${files(ls(0))}/${first}`)).statusCode).toBe(403);
    expect((await student.get(`${files(ls(0))}/${first}`)).statusCode).toBe(403);
    expect((await upload(adminB, ls(0), 'x.pdf', pdf)).statusCode).toBe(404);
    expect((await adminB.get(`${files(ls(0))}/${first}`)).statusCode).toBe(404);
    expect((await adminB.delete(`${files(ls(0))}/${first}`)).statusCode).toBe(404);
    // The attachment of one lesson is not reachable through another lesson.
    expect((await teacher.get(`${files(ls(1))}/${first}`)).statusCode).toBe(404);
  });

  it('removes a file: gone from the grid and the download, kept in the history, audited without bytes', async () => {
    const rev = (await teacher.get(`/api/v1/journal/${j.assignmentId}`)).json().revision;
    expect((await teacher.delete(`${files(ls(0))}/${first}`)).statusCode).toBe(200);
    expect((await teacher.get(`${files(ls(0))}/${first}`)).statusCode).toBe(404);
    expect((await teacher.delete(`${files(ls(0))}/${first}`)).statusCode).toBe(404);
    const lesson = await gridLesson(teacher, ls(0));
    expect(lesson.homework.attachments.map((x: { id: number }) => x.id)).not.toContain(first);
    const changes = (await teacher.get(`/api/v1/journal/${j.assignmentId}/changes?since=${rev}`)).json();
    expect(changes.lessons.map((l: { id: number }) => l.id)).toEqual([ls(0)]);
    expect(changes.lessons[0].homework.attachments).toHaveLength(MAX_FILES - 1);

    const kept = await db()
      .selectFrom('homeworkAttachments')
      .where('schoolId', '=', a.school.id)
      .where('id', '=', first)
      .select(['deletedAt', 'size'])
      .executeTakeFirstOrThrow();
    expect(kept.deletedAt).not.toBeNull();
    expect(kept.size).toBe(pdf.length);

    const added = await auditRows('homework.attachmentAdded');
    expect(added).toHaveLength(MAX_FILES);
    expect(added[0]).toMatchObject({
      subjectId: ls(0),
      after: {
        attachmentId: first,
        fileName: 'Тапсырма №1 (нұсқа).pdf',
        contentType: 'application/pdf',
        size: pdf.length,
      },
    });
    const removed = await auditRows('homework.attachmentRemoved');
    expect(removed).toEqual([
      {
        subjectId: ls(0),
        before: {
          attachmentId: first,
          fileName: 'Тапсырма №1 (нұсқа).pdf',
          contentType: 'application/pdf',
          size: pdf.length,
        },
        after: null,
      },
    ]);
    expect(JSON.stringify([...added, ...removed])).not.toMatch(/bytes|PDF-1/);
  });

  it('removing the homework text removes its files (history kept)', async () => {
    expect((await teacher.put(`/api/v1/lessons/${ls(0)}/homework`, { text: null })).statusCode).toBe(200);
    expect((await gridLesson(teacher, ls(0))).homework).toBeNull();
    const rows = await db()
      .selectFrom('homeworkAttachments')
      .where('schoolId', '=', a.school.id)
      .where('lessonId', '=', ls(0))
      .select(['deletedAt', 'homeworkId'])
      .execute();
    expect(rows).toHaveLength(MAX_FILES);
    expect(rows.every((r) => r.deletedAt !== null && r.homeworkId === null)).toBe(true);
    expect(await auditRows('homework.attachmentRemoved')).toHaveLength(MAX_FILES);
    // A new homework starts with no files.
    await teacher.put(`/api/v1/lessons/${ls(0)}/homework`, { text: 'Жаңа' });
    expect((await gridLesson(teacher, ls(0))).homework.attachments).toEqual([]);
  });

  it('is read-only once the period is closed', async () => {
    await teacher.put(`/api/v1/lessons/${ls(2)}/homework`, { text: 'Оқу' });
    const added = await upload(teacher, ls(2), 'task.pdf', pdf);
    expect(added.statusCode).toBe(201);
    const close = await admin.post(`/api/v1/journal/periods/${j.q1.id}/close`, { classId: j.classId });
    expect(close.statusCode).toBe(200);
    const refused = await upload(teacher, ls(2), 'task.pdf', pdf);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('journal.periodClosed');
    expect((await teacher.delete(`${files(ls(2))}/${added.json().id}`)).json().code).toBe('journal.periodClosed');
    // Still downloadable.
    expect((await teacher.get(`${files(ls(2))}/${added.json().id}`)).statusCode).toBe(200);
  });
});
