import type { Institution, InstitutionDetail } from '@common/schemas/institutions.js';
import type { InstitutionRow, PathItem } from './institutions.repository.js';

export const presentInstitution = (row: InstitutionRow): Institution => ({
  id: row.id,
  parentId: row.parentId,
  kind: row.kind,
  nameKk: row.nameKk,
  nameRu: row.nameRu,
  nameEn: row.nameEn,
  code: row.code,
  closedAt: row.closedAt ? new Date(row.closedAt).toISOString() : null,
  closedReason: row.closedReason,
  childCount: row.childCount,
});

export const presentDetail = (row: InstitutionRow, path: PathItem[], canManage: boolean): InstitutionDetail => ({
  ...presentInstitution(row),
  path: path.map((p) => ({ id: p.id, kind: p.kind, nameKk: p.nameKk, nameRu: p.nameRu, nameEn: p.nameEn })),
  canManage,
});
