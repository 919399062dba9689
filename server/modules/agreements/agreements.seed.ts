import { resources } from '@common/i18n/index.js';
import type { Database } from '../../db/client.js';

/**
 * Version 1 of the user agreement for a fresh demo: our own text, kept with the translations
 * (common/i18n/locales/<lang>/registration.json, agreementTemplate — the same text the Ministry's "new version"
 * form starts from). Returns the version id. Production deployments publish their first version through the UI.
 */
export async function seedFirstAgreement(db: Database, at: Date) {
  const text = (l: 'kk' | 'ru' | 'en') => resources[l].registration.agreementTemplate.text;
  const row = await db
    .insertInto('agreementVersions')
    .values({
      label: resources.en.registration.agreementTemplate.label,
      textKk: text('kk'),
      textRu: text('ru'),
      textEn: text('en'),
      createdAt: at,
      publishedAt: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records that these people accepted a version (the demo's people "registered" before it started). */
export async function seedAcceptances(db: Database, versionId: number, personIds: number[], at: Date) {
  if (personIds.length === 0) return;
  await db
    .insertInto('agreementAcceptances')
    .values(personIds.map((personId) => ({ personId, versionId, acceptedAt: at, ip: null, userAgent: 'demo seed' })))
    .execute();
}
