import { policyFor, termResult } from '@common/assessment/index.js';
import type { JournalAssignment, JournalGrid } from '@common/schemas/journal.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, apiWrite, eventually, expectNoHorizontalScroll, signIn, tid, useLanguage } from './helpers.js';

/**
 * Issue 5 "done when": a teacher keeps the journal of maths in «5 Ә» with the keyboard only; a second person's
 * concurrent edit shows up and a stale write is refused with a notice; a closed period is read-only; the audit
 * log shows the changes.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * A key as a Russian/Kazakh layout produces it: key 'н' on the physical Y key. Playwright's keyboard knows only
 * the US layout, so the DevTools protocol sends the real key event a Cyrillic layout would.
 */
async function pressLayoutKey(page: Page, key: string, code: string, keyCode: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, text: key, code, windowsVirtualKeyCode: keyCode });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode });
  await cdp.detach();
}

/**
 * The running result the grid should show for a student, computed here from the server's grid with the
 * assessment engine (ФО = lesson marks 1..10, СОр/СОч scores out of their maximum).
 */
function engineResult(grid: JournalGrid, studentId: number) {
  const policy = policyFor(
    Number(grid.period.startsOn.slice(0, 4)) - (grid.period.startsOn.slice(5, 7) < '08' ? 1 : 0),
  );
  if (!policy) throw new Error('no assessment policy');
  const marks = grid.marks.filter((m) => m.studentId === studentId);
  const work = (id: number | null) => grid.works.find((w) => w.id === id);
  const fo = marks.flatMap((m) => (m.lessonId !== null && typeof m.value === 'number' ? [m.value] : []));
  const scores = (kind: 'sor' | 'soch') =>
    marks.flatMap((m) => {
      const w = work(m.workId);
      return w?.kind === kind && typeof m.value === 'number' ? [{ score: m.value, max: w.maxScore }] : [];
    });
  const soch = scores('soch')[0] ?? null;
  return termResult({
    policy,
    fo,
    sor: scores('sor'),
    soch,
    hasSoch: grid.assessmentMode.hasTermSummative,
    exempt: marks.some((m) => m.value === 'exempt'),
    gradeLevel: grid.assignment.grade,
  });
}

/** The grid's running cell shows what the engine computes from the server's data. */
async function expectRunning(page: Page, assignmentId: number, studentId: number) {
  await eventually(() => page.locator('[data-save="saving"]').count()).toBe(0);
  const grid = (await api<JournalGrid>(page, `/api/v1/journal/${assignmentId}`)).body;
  const expected = engineResult(grid, studentId);
  await eventually(async () => Number(await running(page, studentId).getAttribute('data-percent'))).toBeCloseTo(
    expected.percent ?? Number.NaN,
    6,
  );
  expect(await running(page, studentId).getAttribute('data-grade')).toBe(
    expected.grade === null ? '' : String(expected.grade),
  );
  return expected;
}

const cell = (page: Page, studentId: number, key: string) => tid(page, `cell-${studentId}-${key}`);
const running = (page: Page, studentId: number) => tid(page, `running-${studentId}`);

describe('the journal', () => {
  test('keyboard entry, a СОр, a concurrent edit and a conflict, closing the period, the audit log', async () => {
    const { page: teacher } = await openPage(browser, { viewport: { width: 1280, height: 860 } });
    await signIn(teacher, DEMO_USERS.teacher.username, DEMO_PASSWORD);
    await useLanguage(teacher, 'ru');

    // The list: maths in «5 Ә» among the teacher's journals.
    await teacher.goto('/journal');
    const assignments = (await api<{ items: JournalAssignment[] }>(teacher, '/api/v1/journal/assignments')).body.items;
    const maths = assignments.find((a) => a.classLabel === '5 Ә' && a.subject.en.toLowerCase().includes('math'));
    expect(maths, JSON.stringify(assignments.map((a) => [a.classLabel, a.subject.en]))).toBeTruthy();
    if (!maths) throw new Error('no maths journal in «5 Ә»');
    await tid(teacher, `journal-assignment-${maths.id}`).click();
    await tid(teacher, 'journal-grid').waitFor();

    const grid = (await api<JournalGrid>(teacher, `/api/v1/journal/${maths.id}`)).body;
    expect(grid.canWrite).toBe(true);
    expect(grid.students.length).toBeGreaterThanOrEqual(2);
    expect(grid.lessons.filter((l) => l.status === 'scheduled').length).toBeGreaterThan(5);
    const [s1, s2] = grid.students.map((s) => s.id) as [number, number];

    // ── Keyboard only: focus the grid (first cell), a row of ФО marks with Tab, attendance letters. ──
    await tid(teacher, 'journal-grid').focus();
    // The grid opens on its first column; ФО marks on the first three lessons of the first student.
    const keys = (n: number) => `l${grid.lessons[n]?.id}`;
    for (const mark of ['8', '9', '10']) {
      await teacher.keyboard.type(mark);
      await tid(teacher, 'cell-editor').waitFor();
      await teacher.keyboard.press('Tab');
    }
    await eventually(() => cell(teacher, s1, keys(0)).getAttribute('data-value')).toBe('8');
    await eventually(() => cell(teacher, s1, keys(1)).getAttribute('data-value')).toBe('9');
    await eventually(() => cell(teacher, s1, keys(2)).getAttribute('data-value')).toBe('10');
    // Attendance on the fourth lesson: «н» typed in a Cyrillic layout, saved at once without Enter. Then down:
    // «y» (the same physical key in the Latin layout) for the second student, right: «j» (о, late).
    await pressLayoutKey(teacher, 'н', 'KeyY', 89);
    await eventually(() => cell(teacher, s1, keys(3)).getAttribute('data-attendance')).toBe('absent');
    await teacher.keyboard.press('ArrowDown');
    await teacher.keyboard.press('y');
    await teacher.keyboard.press('ArrowRight');
    await teacher.keyboard.press('j');
    await eventually(() => cell(teacher, s2, keys(3)).getAttribute('data-attendance')).toBe('absent');
    await eventually(() => cell(teacher, s2, keys(4)).getAttribute('data-attendance')).toBe('late');
    // Delete clears the cell's mark first (the demo data may hold one), then its attendance letter.
    if ((await cell(teacher, s2, keys(4)).getAttribute('data-value')) !== '') {
      await teacher.keyboard.press('Delete');
      await eventually(() => cell(teacher, s2, keys(4)).getAttribute('data-value')).toBe('');
      expect(await cell(teacher, s2, keys(4)).getAttribute('data-attendance')).toBe('late');
    }
    await teacher.keyboard.press('Delete');
    await eventually(() => cell(teacher, s2, keys(4)).getAttribute('data-attendance')).toBe('');
    // Escape cancels an entry.
    await teacher.keyboard.type('7');
    await teacher.keyboard.press('Escape');
    expect(await tid(teacher, 'cell-editor').count()).toBe(0);
    expect(await cell(teacher, s2, keys(4)).getAttribute('data-value')).toBe('');
    // An invalid mark is refused with a localised reason, nothing saved.
    await teacher.keyboard.type('11');
    await teacher.keyboard.press('Enter');
    await eventually(() => cell(teacher, s2, keys(4)).getAttribute('data-save')).toBe('error');
    // The reason arrives with the error state but may render a moment later on a loaded machine.
    await eventually(async () => (await cell(teacher, s2, keys(4)).getAttribute('title')) ?? '').toContain('1');
    // Everything saved is on the server.
    await eventually(() => teacher.locator('[data-save="saving"]').count()).toBe(0);
    const saved = (await api<JournalGrid>(teacher, `/api/v1/journal/${maths.id}`)).body;
    const markOf = (g: JournalGrid, s: number, l: number) =>
      g.marks.find((m) => m.studentId === s && m.lessonId === l)?.value;
    expect(markOf(saved, s1, grid.lessons[0]!.id)).toBe(8);
    expect(markOf(saved, s1, grid.lessons[2]!.id)).toBe(10);
    expect(saved.attendance.find((a) => a.studentId === s2 && a.lessonId === grid.lessons[3]!.id)?.code).toBe('absent');
    // The running result follows the engine on what the server now holds.
    const afterFo = await expectRunning(teacher, maths.id, s1);

    // ── A column pasted from a spreadsheet (two lines) under the sixth lesson: one batch request. ──
    await cell(teacher, s1, keys(5)).click();
    const puts: string[] = [];
    const onRequest = (r: { method(): string; url(): string }) => {
      if (r.method() === 'PUT' && r.url().endsWith('/marks')) puts.push(r.url());
    };
    teacher.on('request', onRequest);
    await teacher.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '7\r\n8\r\n');
      document
        .querySelector('[data-testid="journal-grid"]')
        ?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await eventually(() => cell(teacher, s1, keys(5)).getAttribute('data-value')).toBe('7');
    await eventually(() => cell(teacher, s2, keys(5)).getAttribute('data-value')).toBe('8');
    teacher.off('request', onRequest);
    expect(puts).toHaveLength(1);

    // ── The first lesson's topic and homework. ──
    await tid(teacher, `col-edit-${keys(0)}`).click();
    await tid(teacher, 'lesson-topic').fill('Натуральные числа и шкалы');
    await tid(teacher, 'lesson-homework').fill('№ 12, 15 на с. 8');
    await tid(teacher, 'lesson-due').fill(grid.lessons[1]!.date);
    await tid(teacher, 'lesson-save').click();
    await tid(teacher, 'lesson-dialog').waitFor({ state: 'detached' });
    await eventually(() => tid(teacher, `col-${keys(0)}`).textContent()).toContain('Натуральные числа');
    // A file attached to the saved homework: checked by the server, listed in the dialog with a download link.
    await tid(teacher, `col-edit-${keys(0)}`).click();
    await tid(teacher, 'homework-files').waitFor();
    await teacher.locator('[data-testid="homework-files"] input[type="file"]').setInputFiles({
      name: 'Задание.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('№ 12, 15 на с. 8\n'),
    });
    await eventually(() => tid(teacher, 'homework-file').count()).toBe(1);
    expect(await tid(teacher, 'homework-file').textContent()).toContain('Задание.txt');
    await teacher.keyboard.press('Escape');
    await tid(teacher, 'lesson-dialog').waitFor({ state: 'detached' });

    // ── A comment on a mark: Shift+Enter on the cell. ──
    await cell(teacher, s1, keys(0)).click();
    await teacher.keyboard.press('Shift+Enter');
    await tid(teacher, 'comment-text').fill('Устный ответ у доски');
    await tid(teacher, 'comment-save').click();
    await eventually(() => cell(teacher, s1, keys(0)).getAttribute('title')).toBe('Устный ответ у доски');
    expect(await tid(teacher, 'mark-history').count()).toBe(0);

    // ── The reason of an absence: Alt+Enter on the «н» cell, then read as the cell's tooltip. ──
    await cell(teacher, s1, keys(3)).click();
    await teacher.keyboard.press('Alt+Enter');
    await tid(teacher, 'reason-text').fill('Справка от врача');
    await tid(teacher, 'reason-save').click();
    await eventually(() => cell(teacher, s1, keys(3)).getAttribute('data-reason')).toBe('Справка от врача');
    expect(await cell(teacher, s1, keys(3)).getAttribute('title')).toContain('Справка от врача');

    // ── A СОр (max 20) on the third lesson's date, scored 15 for the first student. ──
    await tid(teacher, 'work-add').click();
    await tid(teacher, 'work-title').fill('СОр 1: Натуральные числа');
    await tid(teacher, 'work-max').fill('20');
    await tid(teacher, 'work-date').fill(grid.lessons[2]!.date);
    await tid(teacher, 'work-save').click();
    await tid(teacher, 'work-dialog').waitFor({ state: 'detached' });
    const withWork = (await api<JournalGrid>(teacher, `/api/v1/journal/${maths.id}`)).body;
    const work = withWork.works.find((w) => w.title === 'СОр 1: Натуральные числа');
    expect(work?.maxScore).toBe(20);
    const wk = `w${work!.id}`;
    await cell(teacher, s1, wk).waitFor();
    await cell(teacher, s1, wk).click();
    await teacher.keyboard.type('15');
    await teacher.keyboard.press('Enter');
    await eventually(() => cell(teacher, s1, wk).getAttribute('data-value')).toBe('15');
    const afterSor = await expectRunning(teacher, maths.id, s1);
    expect(afterSor.percent).not.toBe(afterFo.percent);
    // A score above the maximum is refused in the cell.
    await cell(teacher, s2, wk).click();
    await teacher.keyboard.type('25');
    await teacher.keyboard.press('Enter');
    await eventually(() => cell(teacher, s2, wk).getAttribute('data-save')).toBe('error');

    // ── A second person (the administrator) edits the same journal: the teacher sees it without reloading. ──
    const { page: admin } = await openPage(browser, { viewport: { width: 1280, height: 860 } });
    await signIn(admin, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
    await admin.goto(`/journal/${maths.id}`);
    await tid(admin, 'journal-grid').waitFor();
    await cell(admin, s2, keys(0)).click();
    await admin.keyboard.type('6');
    await admin.keyboard.press('Enter');
    await eventually(() => cell(admin, s2, keys(0)).getAttribute('data-value')).toBe('6');
    await eventually(() => cell(teacher, s2, keys(0)).getAttribute('data-value')).toBe('6');

    // ── A stale write: the teacher starts typing in a cell, the administrator changes it meanwhile, the teacher's
    // Enter is refused and the administrator's value is shown with a notice (nothing silently overwritten). ──
    await cell(teacher, s1, keys(1)).click();
    await teacher.keyboard.type('3');
    await tid(teacher, 'cell-editor').waitFor();
    const current = (await api<JournalGrid>(admin, `/api/v1/journal/${maths.id}`)).body.marks.find(
      (m) => m.studentId === s1 && m.lessonId === grid.lessons[1]!.id,
    );
    const write = await apiWrite(admin, 'PUT', `/api/v1/journal/${maths.id}/marks`, {
      cells: [{ studentId: s1, lessonId: grid.lessons[1]!.id, value: 5, expectedVersion: current?.version ?? null }],
    });
    expect(write.status).toBe(200);
    await teacher.keyboard.press('Enter');
    await tid(teacher, 'conflict-notice').waitFor();
    await eventually(() => cell(teacher, s1, keys(1)).getAttribute('data-value')).toBe('5');
    expect(await cell(teacher, s1, keys(1)).getAttribute('data-save')).toBe('conflict');
    const afterConflict = (await api<JournalGrid>(teacher, `/api/v1/journal/${maths.id}`)).body;
    expect(markOf(afterConflict, s1, grid.lessons[1]!.id)).toBe(5);

    // The administrator reads the mark's history: entered 9, changed to 5 (by whom, when).
    await cell(admin, s1, keys(1)).click();
    await eventually(() => cell(admin, s1, keys(1)).getAttribute('data-value')).toBe('5');
    await admin.keyboard.press('Shift+Enter');
    await tid(admin, 'mark-history').waitFor();
    await eventually(async () => (await tid(admin, 'mark-history').textContent()) ?? '').toContain('9 → 5');
    await admin.keyboard.press('Escape');
    await tid(admin, 'comment-dialog').waitFor({ state: 'detached' });

    // ── A СОч on the СОр's day breaks §1.5: the teacher is refused with the rule named; the administrator may
    // save it as an exception with a reason. ──
    await tid(teacher, 'work-add').click();
    await tid(teacher, 'work-kind').selectOption('soch');
    await tid(teacher, 'work-title').fill('СОч за 2 четверть');
    await tid(teacher, 'work-max').fill('25');
    await tid(teacher, 'work-date').fill(grid.lessons[2]!.date);
    await tid(teacher, 'work-save').click();
    await tid(teacher, 'work-rules').waitFor();
    expect(await teacher.locator('[data-rule="sorSochSameDay"]').count()).toBe(1);
    expect(await tid(teacher, 'work-override').count()).toBe(0);
    await teacher.keyboard.press('Escape');
    await tid(teacher, 'work-dialog').waitFor({ state: 'detached' });
    await tid(admin, 'work-add').click();
    await tid(admin, 'work-kind').selectOption('soch');
    await tid(admin, 'work-title').fill('СОч за 2 четверть');
    await tid(admin, 'work-max').fill('25');
    await tid(admin, 'work-date').fill(grid.lessons[2]!.date);
    await tid(admin, 'work-save').click();
    await tid(admin, 'work-override-reason').fill('Перенос из-за карантина, приказ директора');
    await tid(admin, 'work-override').click();
    await tid(admin, 'work-dialog').waitFor({ state: 'detached' });
    const soch = (await api<JournalGrid>(admin, `/api/v1/journal/${maths.id}`)).body.works.find(
      (w) => w.kind === 'soch' && w.title === 'СОч за 2 четверть',
    );
    expect(soch?.overridden).toBe(true);
    // A disputed СОч score re-checked by the administrator (cell menu): the new score and its reason in the history.
    const sk = `w${soch!.id}`;
    await cell(admin, s1, sk).waitFor();
    await cell(admin, s1, sk).click();
    await admin.keyboard.type('18');
    await admin.keyboard.press('Enter');
    await eventually(() => cell(admin, s1, sk).getAttribute('data-value')).toBe('18');
    await cell(admin, s1, sk).click({ button: 'right' });
    await tid(admin, 'cell-menu-recheck').click();
    await tid(admin, 'recheck-score').fill('21');
    await tid(admin, 'recheck-reason').fill('Апелляция: задание 3 перепроверено');
    await tid(admin, 'recheck-save').click();
    await eventually(() => cell(admin, s1, sk).getAttribute('data-value')).toBe('21');
    await cell(admin, s1, sk).click();
    await admin.keyboard.press('Shift+Enter');
    await eventually(async () => (await tid(admin, 'mark-history').textContent()) ?? '').toContain(
      'Апелляция: задание 3 перепроверено',
    );
    await admin.keyboard.press('Escape');
    await tid(admin, 'comment-dialog').waitFor({ state: 'detached' });
    // The teacher's grid picks the new column up by itself (polling) and still agrees with the engine.
    await cell(teacher, s1, `w${soch!.id}`).waitFor();
    await eventually(() => cell(teacher, s1, sk).getAttribute('data-value')).toBe('21');
    await expectRunning(teacher, maths.id, s1);

    // ── The administrator closes the period: the grid turns read-only for the teacher. ──
    await tid(admin, 'period-close').click();
    await tid(admin, 'period-confirm').click();
    await tid(admin, 'journal-closed').waitFor();
    // No reload: the teacher's polling notices the closing and the grid turns read-only by itself.
    await tid(teacher, 'journal-closed').waitFor({ timeout: 20_000 });
    expect(await tid(teacher, 'journal-grid').getAttribute('data-readonly')).toBe('true');
    // The grade column now shows the term grades fixed at the close, marked as such.
    await eventually(() => tid(teacher, 'grade-head').getAttribute('data-fixed')).toBe('true');
    expect(await tid(teacher, 'work-add').count()).toBe(0);
    await tid(teacher, 'journal-grid').focus();
    await teacher.keyboard.type('4');
    expect(await tid(teacher, 'cell-editor').count()).toBe(0);
    const refused = await apiWrite(teacher, 'PUT', `/api/v1/journal/${maths.id}/marks`, {
      cells: [{ studentId: s2, lessonId: grid.lessons[0]!.id, value: 4, expectedVersion: null }],
    });
    expect(refused.status).toBe(409);

    // ── The audit log shows the changes: created and changed marks (who, old → new), attendance, the work,
    // the topic, closing the period. ──
    type AuditItem = { action: string; actorName: string | null; before: unknown; after: unknown };
    const audit = async (action: string) =>
      (await api<{ items: AuditItem[] }>(admin, `/api/v1/audit?action=${action}&limit=200`)).body.items;
    const changes = await audit('journal.markChanged');
    // Typed, pasted and scored marks (a value equal to a demo mark already there is not a change, not written).
    const created = await audit('journal.markCreated');
    expect(created.length + changes.length).toBeGreaterThanOrEqual(5);
    expect([...created, ...changes].some((e) => JSON.stringify(e.after).includes('15'))).toBe(true);
    expect(changes.some((e) => JSON.stringify(e.before).includes('9') && JSON.stringify(e.after).includes('5'))).toBe(
      true,
    );
    for (const action of ['journal.attendanceSet', 'journal.workCreated', 'journal.topicSet', 'journal.periodClosed']) {
      expect((await audit(action)).length, action).toBeGreaterThan(0);
    }
    await admin.goto('/audit');
    await useLanguage(admin, 'ru');
    await tid(admin, 'audit-action-filter').fill('journal.markChanged');
    await eventually(() => admin.locator('[data-testid^="audit-row-"]').count()).toBeGreaterThan(0);
    await admin.locator('[data-testid^="audit-row-"]').first().getByText('Оценка изменена').waitFor();

    // Reopen (with a reason) so the demo journal stays usable.
    await admin.goto(`/journal/${maths.id}`);
    await tid(admin, 'period-reopen').click();
    await tid(admin, 'period-reopen-reason').fill('Ошибка в оценке, исправление по заявлению');
    await tid(admin, 'period-confirm').click();
    await eventually(() => tid(admin, 'journal-closed').count()).toBe(0);
  });

  test('a phone: the grid scrolls inside its box, the page does not scroll sideways', async () => {
    const { page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await signIn(page, DEMO_USERS.teacher.username, DEMO_PASSWORD);
    const items = (await api<{ items: JournalAssignment[] }>(page, '/api/v1/journal/assignments')).body.items;
    const maths = items.find((a) => a.classLabel === '5 Ә') ?? items[0];
    expect(maths).toBeTruthy();
    await page.goto('/journal');
    await tid(page, `journal-assignment-${maths!.id}`).waitFor();
    await expectNoHorizontalScroll(page, '/journal at 360 px');
    await page.goto(`/journal/${maths!.id}`);
    await tid(page, 'journal-grid').waitFor();
    await expectNoHorizontalScroll(page, 'the journal grid at 360 px');
  });
});
