import { readFileSync } from 'node:fs';
import { teachingDates } from '@common/calendar.js';
import { resources } from '@common/i18n/index.js';
import type { Me } from '@common/schemas/auth.js';
import type { ImportJobDetail } from '@common/schemas/imports.js';
import type { SchoolYear } from '@common/schemas/school-year.js';
import type { GenerateResult, Timetable } from '@common/schemas/timetable.js';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { readPdf } from '../server/modules/credentials/pdf.fixtures.js';
import { launchBrowser, openPage } from './browser.js';
import { api, completeRegistration, eventually, expectNoHorizontalScroll, readText, signIn, tid } from './helpers.js';
import { type SchoolFile, type SchoolFilePerson, schoolFile } from './school-file.js';

/**
 * Issue 4, "Done when", first point: a school administrator sets up a school in the browser. She imports the
 * school's 300-pupil spreadsheet (with a parent for each), fixes the one bad row the dry run finds, applies it
 * and prints a class's credential slips; gives one of the new classes its teachers, builds its week on the
 * timetable grid (one clash refused), generates the quarter's lessons; then a parent signs in with the printed
 * slip, registers, and sees the child's week on a phone.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Lang = 'kk' | 'ru' | 'en';
const uiLang = (page: Page) => page.evaluate(() => document.documentElement.lang as Lang);
/** i18next-style interpolation of a resource string. */
const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(params[key] ?? ''));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
type Resources = ReturnType<typeof res>;
const res = (lang: Lang) =>
  resources[lang] as unknown as {
    errors: Record<string, Record<string, string> & { conflict: Record<string, string> }> & {
      validation: Record<string, string>;
      timetable: { conflict: Record<string, string>; weekdays: Record<string, string>; slot: Record<string, string> };
    };
    timetable: { lessons: Record<string, string>; weekly: Record<string, string> };
    imports: { columns: Record<string, string>; job: Record<string, string> };
    credentials: { slip: Record<string, string> };
  };

/** Today in Kazakhstan ('YYYY-MM-DD'), the date the server and the web app call today. */
const almatyToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(new Date());
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** 12 new classes of grades 6–8 (the demo school has only «7 А» there), 25 pupils each: 300 pupils. */
const CLASSES = [6, 7, 8].flatMap((grade) => ['Б', 'В', 'Г', 'Ә'].map((letter) => `${grade} ${letter}`));
const TIMETABLE_CLASS = '7 Б';
const PER_CLASS = 25;

interface Slot {
  weekday: number;
  lessonNumber: number;
}
const cellId = (s: Slot) => `cell-${s.weekday}-1-${s.lessonNumber}`;

/**
 * A real mouse drag, as @dnd-kit's MouseSensor sees one: press, move past its 6 px activation distance, travel
 * to the target in steps, nudge once more so the collision check runs over it, release. (The viewport is tall
 * enough for the whole grid: near a window edge @dnd-kit scrolls the page while dragging.)
 */
async function drag(page: Page, from: Locator, to: Locator) {
  await from.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  if (!a) throw new Error('drag source not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 12, { steps: 4 });
  const b = await to.boundingBox();
  if (!b) throw new Error('drop target not visible');
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.move(b.x + b.width / 2 + 2, b.y + b.height / 2 + 2, { steps: 2 });
  await page.mouse.up();
}

/**
 * The slip of `person` in a slips PDF, as a person reads it: the name (perhaps wrapped over two lines), then
 * the login and the password, each under its label.
 */
function slipOf(pdf: Buffer, person: SchoolFilePerson) {
  const lines = readPdf(pdf).pages.flatMap((p) => p.lines);
  const name = `${person.surname} ${person.firstName} ${person.patronymic}`;
  // A wrapped line ends in its space: joined without a separator, the lines read as printed.
  const at = lines.findIndex((_, i) =>
    [0, 1, 2].some(
      (k) =>
        lines
          .slice(i, i + k + 1)
          .join('')
          .trim() === name,
    ),
  );
  expect(at, `no slip for ${name}`).toBeGreaterThanOrEqual(0);
  const label = (key: string) => {
    const texts = (['kk', 'ru', 'en'] as const).map((l) => res(l).credentials.slip[key]);
    const i = lines.findIndex((line, j) => j > at && texts.includes(line.trim()));
    expect(i, `no ${key} on the slip of ${name}`).toBeGreaterThan(at);
    return lines[i + 1]!.trim();
  };
  return { username: label('username'), password: label('password'), text: lines.join('') };
}

/** A real PDF with an embedded font (tens of kilobytes, not an error page), `pages` A4 pages long. */
function expectPdf(body: Buffer, pages: number) {
  expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(body.length).toBeGreaterThan(10_000);
  expect(body.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).toHaveLength(pages);
}

describe('setting up a school', () => {
  test('import 300 pupils with parents, fix a row, build a week with a refused clash, generate lessons; a parent sees it', async () => {
    const started = Date.now();
    const badIndex = CLASSES.indexOf(TIMETABLE_CLASS) * PER_CLASS + 3; // a parent of a «7 Б» pupil
    const file = await schoolFile({
      classes: CLASSES,
      perClass: PER_CLASS,
      languageOf: (c) => (/[БӘ]$/.test(c) ? 'казахский' : 'русский'),
      badIndex,
    });
    expect(file.people.filter((p) => p.role === 'student')).toHaveLength(300);
    const parent = file.bad.person;
    const child = file.people.find((p) => p.rowNumber === parent.childRow)!;

    const { page: admin } = await openPage(browser, { viewport: { width: 1600, height: 1400 } });
    await signIn(admin, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
    const me = (await api<Me>(admin, '/api/v1/me')).body;
    expect(me.context?.institutionKind).toBe('school');
    // The UI speaks the account's language (whatever an earlier file left it at): every text below is in it.
    const lang = me.locale as Lang;
    await eventually(() => uiLang(admin)).toBe(lang);
    const r = res(lang);

    // ── 1–2. Import, dry run, fix, apply, slips ─────────────────────────────────────────────────────────────
    const { slipsPdf } = await importInUi(admin, file, r);
    // 25 pupils and their 25 parents, four slips to a page (the page's default).
    expectPdf(slipsPdf, Math.ceil((2 * PER_CLASS) / 4));
    const slip = slipOf(slipsPdf, parent);
    expect(slip.username).toMatch(/^[a-z][a-z0-9._-]+$/);
    expect(slip.password.length).toBeGreaterThanOrEqual(12);
    // The class's pupils are on its slips too.
    expect(slip.text).toContain(`${child.surname} ${child.firstName} ${child.patronymic}`);

    // ── 3. Teaching assignments on the class page ───────────────────────────────────────────────────────────
    const years = (
      await api<{ items: Array<{ id: number }>; currentYearId: number | null }>(admin, '/api/v1/school-years')
    ).body;
    const yearId = years.currentYearId!;
    const year = (await api<SchoolYear>(admin, `/api/v1/school-years/${yearId}`)).body;
    const subjects = (
      await api<{
        items: Array<{ id: number; catalogueCode: string | null; nameKk: string; nameRu: string; nameEn: string }>;
      }>(admin, '/api/v1/subjects')
    ).body.items;
    const subjectName = (code: string, l: Lang) => {
      const s = subjects.find((x) => x.catalogueCode === code)!;
      return l === 'kk' ? s.nameKk : l === 'ru' ? s.nameRu : s.nameEn;
    };
    const algebra = subjectName('algebra', lang);
    const geometry = subjectName('geometry', lang);

    await admin.goto('/classes');
    const card = admin
      .locator('[data-testid^="class-card-"]')
      .filter({ has: admin.getByTestId('class-name').getByText(TIMETABLE_CLASS, { exact: true }) });
    // The class came with the import, with its 25 pupils.
    expect(await readText(card.getByTestId('class-count'))).toMatch(new RegExp(`\\b${PER_CLASS}\\b`));
    await card.click();
    await admin.waitForURL(/\/classes\/\d+/);
    const classId = Number(/\/classes\/(\d+)/.exec(admin.url())![1]);
    await eventually(() => readText(tid(admin, 'class-title'))).toBe(TIMETABLE_CLASS);

    for (const subject of [algebra, geometry]) {
      await tid(admin, 'assignment-add').click();
      await tid(admin, 'assignment-subject').click();
      await tid(admin, 'assignment-subject').fill(subject);
      await admin.getByRole('option', { name: subject, exact: true }).click();
      await tid(admin, 'assignment-teacher').click();
      await tid(admin, 'assignment-teacher').fill('Иванова');
      await admin.getByRole('option', { name: /^Иванова Елена/ }).click();
      await tid(admin, 'assignment-submit').click();
      await tid(admin, 'assignment-submit').waitFor({ state: 'detached' });
      await tid(admin, 'assignments').getByText(subject, { exact: true }).waitFor();
    }

    // ── 3. The week on the timetable grid ───────────────────────────────────────────────────────────────────
    // Where teacher.demo (who now teaches «7 Б» too) is free and busy, from the school's own timetable.
    const base = (await api<Timetable>(admin, `/api/v1/school-years/${yearId}/timetable`)).body;
    const teacher = base.teachers.find((t) => t.name.startsWith('Иванова'))!;
    const teacherView = (
      await api<Timetable>(admin, `/api/v1/school-years/${yearId}/timetable?teacherPersonId=${teacher.personId}`)
    ).body;
    const busy = teacherView.entries.filter((e) => e.shift === 1 && e.classLabel !== TIMETABLE_CLASS);
    const lessonNumbers = base.bells.filter((b) => b.shift === 1 && b.lessonNumber > 0).map((b) => b.lessonNumber);
    const today = almatyToday();
    const todayDay = isoWeekday(today);
    const free: Slot[] = [];
    for (let weekday = 1; weekday <= year.daysPerWeek; weekday++) {
      for (const lessonNumber of lessonNumbers.slice(0, 6)) {
        if (!busy.some((e) => e.weekday === weekday && e.lessonNumber === lessonNumber))
          free.push({ weekday, lessonNumber });
      }
    }
    // This week's remaining days first: the parent is to see these lessons this week.
    free.sort((a, b) => Number(b.weekday >= todayDay) - Number(a.weekday >= todayDay) || a.weekday - b.weekday);
    expect(free.length).toBeGreaterThanOrEqual(3);
    const clash = busy.find((e) => e.weekday >= todayDay) ?? busy[0]!;
    const plan = [
      { subject: algebra, slot: free[0]! },
      { subject: geometry, slot: free[1]! },
      { subject: algebra, slot: free[2]! },
    ];

    await admin.goto('/timetable');
    await tid(admin, 'view-select').selectOption(String(classId));
    const paletteItem = (subject: string) =>
      tid(admin, 'palette').locator('[data-testid^="palette-"]').filter({ hasText: subject }).first();
    // The lessons the current quarter holds so far (the demo's), as the "Lessons" tab says.
    await tid(admin, 'tab-lessons').click();
    const periodLessons = tid(admin, 'period-lessons');
    const lessonsBefore = Number(await periodLessons.getAttribute('data-count'));
    expect(lessonsBefore).toBeGreaterThan(0);
    expect(await readText(periodLessons)).toBe(fill(r.timetable.lessons.periodHas!, { count: lessonsBefore }));
    await tid(admin, 'tab-weekly').click();
    await paletteItem(algebra).waitFor();
    await paletteItem(geometry).waitFor();
    // Nothing in the class's grid yet.
    expect(await admin.locator('[data-testid^="entry-"]').count()).toBe(0);

    // Algebra by dragging with the mouse, geometry by select-then-place (the editor's keyboard-friendly way).
    await drag(admin, paletteItem(algebra), tid(admin, cellId(plan[0]!.slot)));
    await tid(admin, cellId(plan[0]!.slot)).getByTestId('entry-n0').waitFor();
    // (@dnd-kit swallows clicks for a moment after a drop: a person is never that quick, a robot is — so retry.)
    await eventually(async () => {
      await paletteItem(geometry).click();
      return tid(admin, 'selection-bar').isVisible();
    }).toBe(true);
    await tid(admin, `place-${plan[1]!.slot.weekday}-1-${plan[1]!.slot.lessonNumber}`).click();
    await tid(admin, cellId(plan[1]!.slot)).getByTestId('entry-n1').waitFor();

    // The third algebra lesson lands where teacher.demo already teaches another class: highlighted, explained.
    const clashSlot = { weekday: clash.weekday, lessonNumber: clash.lessonNumber };
    await drag(admin, paletteItem(algebra), tid(admin, cellId(clashSlot)));
    const pending = tid(admin, cellId(clashSlot)).getByTestId('entry-n2');
    await pending.waitFor();
    await eventually(() => pending.getAttribute('data-conflict')).toBe('true');
    await eventually(() => tid(admin, cellId(clashSlot)).getAttribute('data-conflict')).toBe('true');
    const t = r.errors.timetable;
    const expected = fill(t.conflict.teacherBusy!, {
      teacher: teacher.name,
      day: t.weekdays[String(clash.weekday)]!,
      slot: fill(year.shifts > 1 ? t.slot.shifted! : t.slot.plain!, { shift: 1, lesson: clash.lessonNumber }),
    });
    await eventually(() => tid(admin, 'conflicts').getByTestId('conflict').allInnerTexts()).toEqual([expected]);

    // Saving is refused, with the same reason; nothing is written.
    await tid(admin, 'timetable-save').click();
    await tid(admin, 'refused-conflicts').waitFor();
    expect(await readText(tid(admin, 'refused-conflicts'))).toContain(expected);
    const classTimetable = () =>
      api<Timetable>(admin, `/api/v1/school-years/${yearId}/timetable?classId=${classId}`).then((x) => x.body);
    expect((await classTimetable()).entries).toHaveLength(0);

    // Drag the clashing lesson to a free slot: the conflict goes away, the save goes through.
    await drag(admin, pending, tid(admin, cellId(plan[2]!.slot)));
    await tid(admin, cellId(plan[2]!.slot)).getByTestId('entry-n2').waitFor();
    await eventually(() => tid(admin, 'conflicts').count()).toBe(0);
    // Saving regenerates the already generated quarter from today on: the class's new lessons, nothing else.
    const quarter = year.periods.find((p) => p.kind === 'quarter' && p.startsOn <= today && today <= p.endsOn)!;
    const dates = teachingDates({
      startsOn: today,
      endsOn: quarter.endsOn,
      daysPerWeek: year.daysPerWeek,
      daysOff: year.daysOff,
      grade: 7,
    });
    const expectedNew = plan.reduce((n, p) => n + dates.filter((d) => isoWeekday(d) === p.slot.weekday).length, 0);
    const [savedResponse] = await Promise.all([
      admin.waitForResponse((x) => /\/timetable$/.test(x.url()) && x.request().method() === 'PUT'),
      tid(admin, 'timetable-save').click(),
    ]);
    expect(savedResponse.status()).toBe(200);
    const { regenerated } = (await savedResponse.json()) as {
      regenerated: { created: number; removed: number; kept: number };
    };
    expect({ created: regenerated.created, removed: regenerated.removed }).toEqual({
      created: expectedNew,
      removed: 0,
    });
    await admin.getByText(fill(r.timetable.weekly.saved!, { ...regenerated }), { exact: true }).waitFor();
    await eventually(async () => (await classTimetable()).entries.length).toBe(3);
    await eventually(() => admin.locator('[data-testid^="entry-e"]').count()).toBe(3);
    const saved = (await classTimetable()).entries;
    for (const p of plan) {
      const e = saved.find((x) => x.weekday === p.slot.weekday && x.lessonNumber === p.slot.lessonNumber);
      expect(e?.subject[lang]).toBe(p.subject);
    }

    // ── 4. The quarter's lessons ────────────────────────────────────────────────────────────────────────────
    // The quarter now holds the class's lessons from today to its end (holidays skipped); generating it again
    // changes nothing.
    await tid(admin, 'tab-lessons').click();
    await tid(admin, 'generate-period').waitFor();
    expect(await tid(admin, 'generate-period').inputValue()).toBe(String(quarter.id));
    await eventually(async () => Number(await periodLessons.getAttribute('data-count'))).toBe(
      lessonsBefore + expectedNew,
    );
    const [generated] = await Promise.all([
      admin.waitForResponse((x) => /\/generate-lessons$/.test(x.url()) && x.request().method() === 'POST'),
      tid(admin, 'generate-lessons').click(),
    ]);
    expect(generated.status()).toBe(200);
    const result = (await generated.json()) as GenerateResult;
    expect({ created: result.created, removed: result.removed }).toEqual({ created: 0, removed: 0 });
    await eventually(() => readText(tid(admin, 'generate-result'))).toBe(
      fill(r.timetable.lessons.generated!, { created: 0, removed: 0, kept: result.kept }),
    );
    expect(await readText(periodLessons)).toBe(
      fill(r.timetable.lessons.periodHas!, { count: lessonsBefore + expectedNew }),
    );
    // This week's lessons of the class, as the week view shows them.
    const monday = addDays(today, 1 - todayDay);
    const thisWeek = dates.filter((d) => d < addDays(monday, 7));
    const thisWeekLessons = plan.filter((p) => thisWeek.some((d) => isoWeekday(d) === p.slot.weekday));
    await eventually(() =>
      tid(admin, 'lessons-week-view').locator('[data-testid^="lesson-"][data-status]').count(),
    ).toBe(thisWeekLessons.length);

    // ── 5. The parent signs in with the printed slip, on a phone ────────────────────────────────────────────
    const { page: phone } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await signIn(phone, slip.username, slip.password);
    await completeRegistration(phone);
    await phone.goto('/my-timetable');
    await tid(phone, 'my-child-name').waitFor();
    expect(await readText(tid(phone, 'my-child-name'))).toContain(child.firstName);
    expect(await readText(tid(phone, 'my-child-name'))).toContain(TIMETABLE_CLASS);
    const parentLang = (await api<Me>(phone, '/api/v1/me')).body.locale as Lang;
    await eventually(() => uiLang(phone)).toBe(parentLang);
    for (const p of thisWeekLessons) {
      const date = addDays(monday, p.slot.weekday - 1);
      const name = subjectName(p.subject === algebra ? 'algebra' : 'geometry', parentLang);
      await tid(phone, `day-${date}`).getByText(name, { exact: true }).first().waitFor();
    }
    const shown = await phone.locator('[data-testid^="day-"] [data-testid^="lesson-"][data-status]').count();
    expect(shown).toBe(thisWeekLessons.length);
    await expectNoHorizontalScroll(phone, '/my-timetable of a parent at 360 px');

    console.info(`[school-setup] scenario took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});

/**
 * Steps 1–2 on /imports: upload, the dry run's one error in the UI's language, fix it, apply, progress to the
 * end across a reload, print the slips of «7 Б». Returns the PDF the browser saved.
 */
async function importInUi(page: Page, file: SchoolFile, r: Resources) {
  const bad = file.bad.person;
  await page.goto('/imports');
  await tid(page, 'import-file').setInputFiles({
    name: 'Контингент 6-8 кл 2026-2027.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: file.bytes,
  });
  await page.waitForURL(/\/imports\/\d+$/, { timeout: 60_000 });
  const jobUrl = new URL(page.url()).pathname;

  // The dry run: 599 rows fine, one error — the parent whose IIN has a wrong check digit, said in the UI's words.
  await eventually(() => tid(page, 'summary-new').getAttribute('data-count')).toBe('599');
  expect(await tid(page, 'summary-error').getAttribute('data-count')).toBe('1');
  expect(await tid(page, 'import-apply').isDisabled()).toBe(true);
  const row = tid(page, `import-row-${bad.rowNumber}`);
  await row.waitFor();
  expect(await row.getAttribute('data-outcome')).toBe('error');
  const rowText = await readText(row);
  expect(rowText).toContain(`${bad.surname} ${bad.firstName}`);
  expect(rowText).toContain(`${r.imports.columns.iin}: ${r.errors.validation.iin}`);
  expect(await page.locator('[data-testid^="import-row-"][data-outcome="error"]').count()).toBe(1);

  // Fixed in the row's form: the right IIN, checked again on the server.
  await tid(page, `fix-row-${bad.rowNumber}`).click();
  expect(await tid(page, 'fix-iin').inputValue()).toBe(file.bad.wrongIin);
  await tid(page, 'fix-iin').fill(bad.iin);
  await tid(page, 'fix-save').click();
  await tid(page, 'fix-save').waitFor({ state: 'detached' });
  await eventually(() => tid(page, 'summary-new').getAttribute('data-count')).toBe('600');
  expect(await tid(page, 'summary-error').count()).toBe(0);

  // What the page learns of the job while it polls (every second while the job is applying), in arrival order.
  type Seen = Pick<ImportJobDetail, 'status' | 'progress' | 'doneRows' | 'totalRows'>;
  const seen: Array<Partial<Seen>> = [];
  page.on('response', (x) => {
    if (x.request().method() !== 'GET' || new URL(x.url()).pathname !== `/api/v1${jobUrl}`) return;
    const entry: Partial<Seen> = {};
    seen.push(entry);
    void x
      .json()
      .then(({ status, progress, doneRows, totalRows }: ImportJobDetail) =>
        Object.assign(entry, { status, progress, doneRows, totalRows }),
      )
      .catch(() => undefined);
  });

  // Apply; the page is reloaded straight away — the job keeps applying on the server and the page finds it
  // again (progress while it runs), then the end state.
  const progressText = new RegExp(
    escapeRegExp(fill(r.imports.job.progress!, { done: '\u0000', total: 600 })).replace('\u0000', '\\d+'),
  );
  await tid(page, 'import-apply').click();
  await tid(page, 'import-progress').or(tid(page, 'import-applied')).first().waitFor();
  await page.reload();
  const progressOrDone = tid(page, 'import-progress').or(tid(page, 'import-applied')).first();
  await progressOrDone.waitFor({ timeout: 30_000 });
  // Still running after the reload: rows done of 600 (it may finish before the text can be read).
  const running = await tid(page, 'import-progress')
    .textContent({ timeout: 500 })
    .catch(() => null);
  if (running !== null) expect(running).toMatch(progressText);
  await tid(page, 'import-applied').waitFor({ timeout: 60_000 });
  expect(await tid(page, 'import-status').first().getAttribute('data-status')).toBe('applied');
  // The job ended with every row done; what progress the page saw on the way only went forward.
  await eventually(() => seen.some((x) => x.status === 'applied' && x.doneRows === 600 && x.totalRows === 600)).toBe(
    true,
  );
  const dones = seen.flatMap((x) => (x.progress ? [x.progress.done] : []));
  expect(dones).toEqual([...dones].sort((a, b) => a - b));
  expect(seen.every((x) => !x.progress || x.progress.total === 600)).toBe(true);
  // After a reload too: applied, with a slip group per class (its pupils and their parents).
  await page.reload();
  await tid(page, 'import-applied').waitFor();
  expect(new URL(page.url()).pathname).toBe(jobUrl);
  const groups = await tid(page, 'import-slip-groups').locator('[data-testid^="print-slips-"]').count();
  expect(groups).toBe(CLASSES.length);

  // The class's slips, as a PDF download.
  const [response, download] = await Promise.all([
    page.waitForResponse((x) => /\/api\/v1\/imports\/\d+\/slips/.test(x.url()) && x.request().method() === 'POST'),
    page.waitForEvent('download'),
    tid(page, `print-slips-${TIMETABLE_CLASS}`).click(),
  ]);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(response.headers()['cache-control']).toBe('no-store');
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  return { slipsPdf: readFileSync(await download.path()) };
}
