import type JSZip from 'jszip';
import type { RowData, StoredRow } from '../imports.repository.js';
import { parseCsv } from '../parse/csv.js';
import { fileProblem } from '../parse/sheet.js';
import { openZip } from '../parse/xlsx.js';

/**
 * A OneRoster 1.2 CSV package (also 1.1, whose users.csv carries the role) → import rows:
 * - users (+ roles.csv, demographics.csv for birth date and sex) → persons: familyName / givenName / middleName,
 *   the IIN from userIds `{IIN:…}` (or an identifier that is one), sourcedId → the school's external id,
 *   the homeroom class from the student's enrolment, parents' children from agentSourcedIds (either side);
 * - homeroom classes → classes («5 Ә» from the title or classCode), their teacher enrolment → class teacher;
 * - courses → subjects; a teacher's enrolment in a scheduled class → teaching (teacher × class × subject, and
 *   the sub-group with its students when our extension column names one).
 * Rows marked `tobedeleted` are skipped: a bulk import adds and updates, it never deletes.
 */

type Table = Array<Record<string, string>>;

async function readTable(zip: JSZip, name: string): Promise<Table | null> {
  const entry = zip.file(new RegExp(`(^|/)${name}$`, 'i'))[0];
  if (!entry) return null;
  const rows = parseCsv(await entry.async('nodebuffer'));
  const [header, ...data] = rows.filter((r) => r.cells.some((c) => c !== ''));
  if (!header) return [];
  const keys = header.cells.map((c) => c.trim());
  return data
    .map((r) => Object.fromEntries(keys.map((k, i) => [k, r.cells[i] ?? ''])))
    .filter((r) => (r.status ?? '').toLowerCase() !== 'tobedeleted');
}

const ROLE: Record<string, string> = {
  student: 'student',
  parent: 'parent',
  guardian: 'parent',
  relative: 'parent',
  teacher: 'teacher',
  aide: 'teacher',
  administrator: 'staff',
  siteadministrator: 'staff',
  districtadministrator: 'staff',
  systemadministrator: 'staff',
  principal: 'staff',
  counselor: 'staff',
  proctor: 'staff',
};

/** `{IIN:061211600012},{LDAP:x}` → { iin: '061211600012', ldap: 'x' } (types lowercased). */
export function parseUserIds(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/\{\s*([^:}]+?)\s*:\s*([^}]*?)\s*\}/g)) out[m[1]!.toLowerCase()] = m[2]!;
  return out;
}
const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export async function readOneRoster(bytes: Buffer): Promise<StoredRow[]> {
  const zip = await openZip(bytes, 'brokenZip');
  const users = await readTable(zip, 'users.csv');
  if (!users) throw fileProblem('notOneRoster');
  const [roles, demographics, classes, courses, enrollments] = await Promise.all([
    readTable(zip, 'roles.csv'),
    readTable(zip, 'demographics.csv'),
    readTable(zip, 'classes.csv'),
    readTable(zip, 'courses.csv'),
    readTable(zip, 'enrollments.csv'),
  ]);

  const roleOf = new Map<string, string>();
  // 1.2: roles.csv, the primary role first; 1.1: users.csv's own role column.
  for (const r of [...(roles ?? [])].sort(
    (a, b) => (a.roleType === 'primary' ? -1 : 0) - (b.roleType === 'primary' ? -1 : 0),
  )) {
    if (!roleOf.has(r.userSourcedId ?? '')) roleOf.set(r.userSourcedId ?? '', r.role ?? '');
  }
  for (const u of users) if (!roleOf.has(u.sourcedId ?? '') && u.role) roleOf.set(u.sourcedId!, u.role);
  const demo = new Map((demographics ?? []).map((d) => [d.sourcedId ?? '', d]));
  const classById = new Map((classes ?? []).map((c) => [c.sourcedId ?? '', c]));
  const isHomeroom = (c: Record<string, string> | undefined) => (c?.classType ?? '').toLowerCase() === 'homeroom';
  const labelOf = (c: Record<string, string>) => c.title || c.classCode || '';

  const homeroomOf = new Map<string, string>();
  const classTeacherOf = new Map<string, string>();
  const teaching: Array<{ teacher: string; classRef: string; subject: string; subgroup: string; members: string }> = [];
  // The students of each scheduled class: a sub-group's members are exactly those enrolled in it.
  const studentsIn = new Map<string, string[]>();
  for (const e of enrollments ?? []) {
    if ((e.role ?? '').toLowerCase() !== 'student') continue;
    const list = studentsIn.get(e.classSourcedId ?? '') ?? [];
    list.push(e.userSourcedId ?? '');
    studentsIn.set(e.classSourcedId ?? '', list);
  }
  for (const e of enrollments ?? []) {
    const cls = classById.get(e.classSourcedId ?? '');
    if (!cls) continue;
    const role = (e.role ?? '').toLowerCase();
    if (isHomeroom(cls)) {
      if (role === 'student') homeroomOf.set(e.userSourcedId!, labelOf(cls));
      else if (role === 'teacher' && (e.primary === 'true' || !classTeacherOf.has(cls.sourcedId!))) {
        classTeacherOf.set(cls.sourcedId!, e.userSourcedId!);
      }
    } else if (role === 'teacher') {
      // The homeroom a scheduled class is taught to: our extension column, else a title that names a class.
      const homeroom = cls['metadata.dapter.homeroomSourcedId'] || labelOf(cls);
      const subgroup = (cls['metadata.dapter.subgroup'] ?? '').trim().slice(0, 60);
      teaching.push({
        teacher: e.userSourcedId!,
        classRef: homeroom,
        subject: cls.courseSourcedId ?? '',
        subgroup,
        members: subgroup ? (studentsIn.get(cls.sourcedId ?? '') ?? []).join(',') : '',
      });
    }
  }

  // Parent ↔ child from agentSourcedIds on either side.
  const userById = new Map(users.map((u) => [u.sourcedId ?? '', u]));
  const role = (id: string) => ROLE[(roleOf.get(id) ?? '').toLowerCase()] ?? '';
  const childrenOf = new Map<string, Set<string>>();
  const addLink = (parent: string, child: string) => {
    if (role(parent) !== 'parent' || role(child) !== 'student') return;
    const set = childrenOf.get(parent) ?? new Set<string>();
    set.add(child);
    childrenOf.set(parent, set);
  };
  for (const u of users) {
    for (const agent of list(u.agentSourcedIds)) {
      if (!userById.has(agent)) continue;
      addLink(agent, u.sourcedId!);
      addLink(u.sourcedId!, agent);
    }
  }

  let n = 0;
  const rows: StoredRow[] = [];
  const push = (data: RowData) => rows.push({ rowNumber: ++n, data });
  for (const u of users) {
    const id = u.sourcedId ?? '';
    const ids = parseUserIds(u.userIds ?? '');
    const d = demo.get(id);
    const sex = (d?.sex ?? '').toLowerCase();
    const identifier = /^\d{12}$/.test(u.identifier ?? '') ? u.identifier! : '';
    push({
      entity: 'person',
      values: {
        role: role(id) || (roleOf.get(id) ?? ''),
        surname: u.familyName ?? '',
        firstName: u.givenName ?? '',
        patronymic: u.middleName ?? '',
        birthDate: d?.birthDate ?? '',
        gender: sex === 'male' || sex === 'female' ? sex : '',
        iin: ids.iin ?? identifier,
        externalId: id,
        email: u.email ?? '',
        phone: u.phone || u.sms || '',
        class: role(id) === 'student' ? (homeroomOf.get(id) ?? '') : '',
        language: u['metadata.dapter.language'] ?? '',
        parentOf: [...(childrenOf.get(id) ?? [])].join(','),
        relation: u['metadata.dapter.relation'] ?? '',
      },
    });
  }
  for (const c of classes ?? []) {
    if (!isHomeroom(c)) continue;
    push({
      entity: 'class',
      values: {
        externalId: c.sourcedId ?? '',
        class: labelOf(c),
        language: c['metadata.dapter.language'] ?? '',
        classTeacher: classTeacherOf.get(c.sourcedId ?? '') ?? '',
      },
    });
  }
  // A course only homerooms use (OneRoster wants one for every class) is not a subject.
  const taught = new Set((classes ?? []).filter((c) => !isHomeroom(c)).map((c) => c.courseSourcedId ?? ''));
  const homeroomOnly = new Set((classes ?? []).filter(isHomeroom).map((c) => c.courseSourcedId ?? ''));
  for (const c of courses ?? []) {
    const id = c.sourcedId ?? '';
    if (c['metadata.dapter.homeroom'] === 'true' || (homeroomOnly.has(id) && !taught.has(id))) continue;
    push({
      entity: 'subject',
      values: {
        externalId: c.sourcedId ?? '',
        title: c.title ?? '',
        nameKk: c['metadata.dapter.nameKk'] ?? '',
        nameRu: c['metadata.dapter.nameRu'] ?? '',
        nameEn: c['metadata.dapter.nameEn'] ?? '',
        code: c['metadata.dapter.catalogueCode'] || c.courseCode || '',
      },
    });
  }
  for (const t of teaching) push({ entity: 'teaching', values: t });
  if (rows.length === 0) throw fileProblem('noRows');
  return rows;
}
