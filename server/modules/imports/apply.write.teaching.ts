import { AppError } from '../../errors.js';
import type { YearRow } from '../school-year/school-year.queries.js';
import type { WriteStage } from './apply.write.stage.js';
import { chunks } from './imports.repository.js';
import { labelKey } from './plan.keys.js';
import type { Plan } from './plan.types.js';

/**
 * Subjects and teaching from a OneRoster package: new subjects, external ids on existing ones, the sub-groups
 * the teaching names (with their students) and the teaching assignments.
 */
export async function writeTeaching(
  { trx, schoolId, jobId, at, entries, resolve }: WriteStage,
  plan: Plan,
  year: YearRow | null,
  classIdOf: ReadonlyMap<string, number>,
) {
  const subjectIdOf = new Map<number, number>();
  const newSubjects = plan.roster.subjects.filter((s) => s.subjectId === null);
  if (newSubjects.length > 0) {
    const created = await trx
      .insertInto('subjects')
      .values(
        newSubjects.map((s) => ({
          schoolId,
          catalogueCode: s.catalogueCode,
          ...s.names,
          externalId: s.externalId,
          createdAt: at,
        })),
      )
      .returning(['id', 'catalogueCode', 'nameKk', 'nameRu', 'nameEn', 'externalId'])
      .execute();
    created.forEach((c, i) => {
      subjectIdOf.set(newSubjects[i]!.rowNumber, c.id);
      entries.push({
        institutionId: schoolId,
        action: 'subject.created',
        subjectType: 'subject',
        subjectId: c.id,
        after: { ...c, importJobId: jobId },
      });
    });
  }
  for (const s of plan.roster.subjects) {
    if (s.subjectId === null || !s.setExternalId) continue;
    await trx
      .updateTable('subjects')
      .set({ externalId: s.externalId })
      .where('schoolId', '=', schoolId)
      .where('id', '=', s.subjectId)
      .execute();
    entries.push({
      institutionId: schoolId,
      action: 'subject.updated',
      subjectType: 'subject',
      subjectId: s.subjectId,
      after: { externalId: s.externalId, importJobId: jobId },
    });
  }
  const teaching = plan.roster.teaching.filter((t) => t.outcome === 'new');
  // Sub-groups the teaching names (created when the class has none of that name yet), with their students.
  const subgroupIdOf = new Map<string, number>();
  const grouped = teaching.filter((t) => t.subgroup !== null);
  if (grouped.length > 0) {
    const wanted = new Map(
      grouped.map((t) => {
        const classId = classIdOf.get(labelKey(t.classLabel!))!;
        return [`${classId}|${t.subgroup}`, { schoolId, classId, name: t.subgroup!, createdAt: at }];
      }),
    );
    await trx
      .insertInto('subgroups')
      .values([...wanted.values()])
      .onConflict((oc) => oc.columns(['schoolId', 'classId', 'name']).doNothing())
      .execute();
    const groups = await trx
      .selectFrom('subgroups')
      .where('schoolId', '=', schoolId)
      .where('classId', 'in', [...new Set([...wanted.values()].map((g) => g.classId))])
      .select(['id', 'classId', 'name'])
      .execute();
    for (const g of groups) subgroupIdOf.set(`${g.classId}|${g.name}`, g.id);
    const members = grouped.flatMap((t) => {
      const subgroupId = subgroupIdOf.get(`${classIdOf.get(labelKey(t.classLabel!))}|${t.subgroup}`)!;
      return t.members.map((m) => ({ schoolId, subgroupId, studentPersonId: resolve(m) }));
    });
    for (const part of chunks(members)) {
      await trx
        .insertInto('subgroupMembers')
        .values(part)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
  if (year && teaching.length > 0) {
    const values = teaching.map((t) => ({
      schoolId,
      yearId: year.id,
      classId: classIdOf.get(labelKey(t.classLabel!))!,
      subgroupId: t.subgroup
        ? (subgroupIdOf.get(`${classIdOf.get(labelKey(t.classLabel!))}|${t.subgroup}`) ?? null)
        : null,
      subjectId: 'id' in t.subject! ? t.subject.id : subjectIdOf.get(t.subject!.row)!,
      teacherPersonId: resolve(t.teacher!),
      createdAt: at,
    }));
    if (values.some((v) => v.classId === undefined || v.subjectId === undefined)) {
      throw new AppError(409, 'imports.changedSincePreview');
    }
    const created = await trx
      .insertInto('teachingAssignments')
      .values(values)
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'yearId', 'classId', 'subgroupId', 'subjectId', 'teacherPersonId'])
      .execute();
    for (const a of created) {
      const { id, ...rest } = a;
      entries.push({
        institutionId: schoolId,
        action: 'assignment.created',
        subjectType: 'class',
        subjectId: a.classId,
        after: { assignmentId: id, ...rest, importJobId: jobId },
      });
    }
  }
}
