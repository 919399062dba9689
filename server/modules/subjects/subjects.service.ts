import type { CatalogueEntry, Subject, SubjectCreate, SubjectUpdate } from '@common/schemas/subjects.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { conflict, notFound, unprocessable } from '../../errors.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { contextSchool } from '../classes/classes.access.js';
import { uniqueViolation } from '../persons/person.rules.js';

/**
 * A school's subjects: copies of national catalogue entries (one per code) and subjects of its own. Subjects are
 * not tied to a year; one no longer taught is archived (its history — curriculum, assignments, lessons of past
 * years — keeps pointing at it), never deleted.
 */

const subjectColumns = ['id', 'catalogueCode', 'nameKk', 'nameRu', 'nameEn', 'externalId', 'archivedAt'] as const;

const present = (r: {
  id: number;
  catalogueCode: string | null;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  externalId: string | null;
  archivedAt: Date | null;
}): Subject => ({ ...r, archivedAt: r.archivedAt ? new Date(r.archivedAt).toISOString() : null });

export async function listCatalogue(deps: AppDeps, actor: Actor): Promise<CatalogueEntry[]> {
  contextSchool(actor, 'school.read');
  return deps.db
    .selectFrom('subjectCatalogue')
    .select(['code', 'nameKk', 'nameRu', 'nameEn', 'sort'])
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

/** The school's subjects in the catalogue's order (own subjects after, by name). */
export async function listSchoolSubjects(db: Database, schoolId: number, includeArchived: boolean) {
  let q = db
    .selectFrom('subjects as s')
    .leftJoin('subjectCatalogue as k', 'k.code', 's.catalogueCode')
    .where('s.schoolId', '=', schoolId);
  if (!includeArchived) q = q.where('s.archivedAt', 'is', null);
  const rows = await q
    .select(subjectColumns.map((c) => `s.${c}` as const))
    .orderBy((eb) => eb.fn.coalesce('k.sort', eb.lit(32767)))
    .orderBy('s.nameKk')
    .orderBy('s.id')
    .execute();
  return rows.map(present);
}

export async function listSubjects(deps: AppDeps, actor: Actor, includeArchived: boolean) {
  const school = contextSchool(actor, 'school.read');
  return listSchoolSubjects(deps.db, school.id, includeArchived);
}

/**
 * Adds subjects: many from the catalogue at once (codes the school has already are answered as they are, and
 * brought back if archived), or one of the school's own.
 */
export async function createSubjects(
  deps: AppDeps,
  actor: Actor,
  input: SubjectCreate,
  origin: AuditOrigin,
): Promise<Subject[]> {
  const school = contextSchool(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    if (input.catalogueCodes) {
      const codes = [...new Set(input.catalogueCodes)];
      const known = await trx.selectFrom('subjectCatalogue').where('code', 'in', codes).select('code').execute();
      if (known.length !== codes.length) throw unprocessable('subjects.unknownCode');
      const created = await trx
        .insertInto('subjects')
        .columns(['schoolId', 'catalogueCode', 'nameKk', 'nameRu', 'nameEn', 'createdAt'])
        .expression((eb) =>
          eb
            .selectFrom('subjectCatalogue')
            .where('code', 'in', codes)
            .select((s) => [
              s.val(school.id).as('schoolId'),
              'code',
              'nameKk',
              'nameRu',
              'nameEn',
              s.val(origin.at).as('createdAt'),
            ]),
        )
        .onConflict((oc) =>
          oc.columns(['schoolId', 'catalogueCode']).where('catalogueCode', 'is not', null).doNothing(),
        )
        .returning(subjectColumns)
        .execute();
      const restored = await trx
        .updateTable('subjects')
        .set({ archivedAt: null })
        .where('schoolId', '=', school.id)
        .where('catalogueCode', 'in', codes)
        .where('archivedAt', 'is not', null)
        .returning(['id', 'catalogueCode'])
        .execute();
      await recordAudit(trx, origin, [
        ...created.map((s) => ({
          institutionId: school.id,
          action: 'subject.created',
          subjectType: 'subject',
          subjectId: s.id,
          after: {
            subjectId: s.id,
            catalogueCode: s.catalogueCode,
            nameKk: s.nameKk,
            nameRu: s.nameRu,
            nameEn: s.nameEn,
          },
        })),
        ...restored.map((s) => ({
          institutionId: school.id,
          action: 'subject.restored',
          subjectType: 'subject',
          subjectId: s.id,
          after: { subjectId: s.id, catalogueCode: s.catalogueCode },
        })),
      ]);
      const all = await trx
        .selectFrom('subjects')
        .where('schoolId', '=', school.id)
        .where('catalogueCode', 'in', codes)
        .select(subjectColumns)
        .orderBy('id')
        .execute();
      return all.map(present);
    }
    const values = {
      nameKk: input.nameKk!,
      nameRu: input.nameRu!,
      nameEn: input.nameEn!,
      externalId: input.externalId ?? null,
    };
    const row = await trx
      .insertInto('subjects')
      .values({ schoolId: school.id, catalogueCode: null, ...values, createdAt: origin.at })
      .returning(subjectColumns)
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw uniqueViolation(error) !== null ? conflict('subjects.externalIdTaken') : error;
      });
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'subject.created',
      subjectType: 'subject',
      subjectId: row.id,
      after: { subjectId: row.id, catalogueCode: null, ...values },
    });
    return [present(row)];
  });
}

export async function updateSubject(
  deps: AppDeps,
  actor: Actor,
  subjectId: number,
  input: SubjectUpdate,
  origin: AuditOrigin,
): Promise<Subject> {
  const school = contextSchool(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('subjects')
      .where('schoolId', '=', school.id)
      .where('id', '=', subjectId)
      .select(subjectColumns)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound();
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as SubjectUpdate;
    const row = await trx
      .updateTable('subjects')
      .set(changes)
      .where('schoolId', '=', school.id)
      .where('id', '=', subjectId)
      .returning(subjectColumns)
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw uniqueViolation(error) !== null ? conflict('subjects.externalIdTaken') : error;
      });
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'subject.updated',
      subjectType: 'subject',
      subjectId,
      before: {
        subjectId,
        ...Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof SubjectUpdate]])),
      },
      after: { subjectId, ...changes },
    });
    return present(row);
  });
}

/** Archives a subject (it disappears from the lists for new work) or brings it back. */
export async function archiveSubject(
  deps: AppDeps,
  actor: Actor,
  subjectId: number,
  archived: boolean,
  origin: AuditOrigin,
): Promise<Subject> {
  const school = contextSchool(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('subjects')
      .where('schoolId', '=', school.id)
      .where('id', '=', subjectId)
      .select(['id', 'archivedAt'])
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound();
    const row = await trx
      .updateTable('subjects')
      .set({ archivedAt: archived ? (before.archivedAt ?? origin.at) : null })
      .where('schoolId', '=', school.id)
      .where('id', '=', subjectId)
      .returning(subjectColumns)
      .executeTakeFirstOrThrow();
    if ((before.archivedAt !== null) !== archived) {
      await recordAudit(trx, origin, {
        institutionId: school.id,
        action: archived ? 'subject.archived' : 'subject.restored',
        subjectType: 'subject',
        subjectId,
        after: { subjectId },
      });
    }
    return present(row);
  });
}
