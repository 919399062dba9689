import { z } from 'zod';
import { GENDERS } from '../enums.js';
import { zDate, zId, zName } from './primitives.js';

/**
 * The registration wizard (user agreement 3.2, 3.3, 2.1), data-correction requests and parents' consent for
 * minors (4.9, 4.10).
 */

/** The data a person checks when registering (3.2): the same five fields everywhere below. */
export const CHECKED_FIELDS = ['surname', 'firstName', 'patronymic', 'birthDate', 'gender'] as const;
export type CheckedField = (typeof CHECKED_FIELDS)[number];

export const zCheckedData = z.object({
  surname: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
  birthDate: z.string(),
  gender: z.enum(GENDERS),
});
export type CheckedData = z.infer<typeof zCheckedData>;

/** The current agreement in one language, as the wizard and the acceptance screen show it. */
export const zAgreementForReading = z.object({
  id: zId,
  label: z.string(),
  text: z.string(),
  /** What changed since the previous version ('' for the first one). */
  changes: z.string(),
  publishedAt: z.string(),
});
export type AgreementForReading = z.infer<typeof zAgreementForReading>;

export const zConsentStatus = z.object({
  /** A student under 18 (Kazakhstan calendar) needs a linked parent's consent. */
  required: z.boolean(),
  given: z.boolean(),
});

export const zRegistration = z.object({
  registered: z.boolean(),
  person: zCheckedData,
  /** null when no version has been published yet (the deployment has not adopted one). */
  agreement: zAgreementForReading.nullable(),
  consent: zConsentStatus,
});
export type Registration = z.infer<typeof zRegistration>;

export const zRegistrationComplete = z.object({
  newPassword: z.string().min(1, 'errors:validation.required').max(256, 'errors:validation.tooLong'),
  /** The version the person read; must be the current one (null only when none is published). */
  agreementVersionId: zId.nullable(),
  dataConfirmed: z.literal(true),
});
export type RegistrationComplete = z.infer<typeof zRegistrationComplete>;

const zComment = z.string().trim().max(1000, 'errors:validation.tooLong');

/** The proposed values; only the fields that are wrong. */
export const zCorrectionValues = z.object({
  surname: zName.optional(),
  firstName: zName.optional(),
  patronymic: zName.nullable().optional(),
  birthDate: zDate.optional(),
  gender: z.enum(GENDERS).optional(),
});
export type CorrectionValues = z.infer<typeof zCorrectionValues>;

export const zCorrectionCreate = z.object({
  proposed: zCorrectionValues.refine((v) => Object.keys(v).length > 0, 'errors:validation.emptyUpdate'),
  comment: zComment.optional(),
});
export type CorrectionCreate = z.infer<typeof zCorrectionCreate>;

export const CORRECTION_STATUSES = ['open', 'resolved', 'rejected'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

/** A request as the person who filed it sees it. */
export const zMyCorrection = z.object({
  id: zId,
  proposed: zCorrectionValues,
  comment: z.string().nullable(),
  status: z.enum(CORRECTION_STATUSES),
  answer: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type MyCorrection = z.infer<typeof zMyCorrection>;
export const zMyCorrectionList = z.object({ items: z.array(zMyCorrection) });

/** A request as the administrators of its institution see it. */
export const zCorrection = zMyCorrection.extend({
  institutionId: zId,
  person: z.object({
    id: zId,
    surname: z.string(),
    firstName: z.string(),
    patronymic: z.string().nullable(),
  }),
  /** The values when the request was filed. */
  current: zCorrectionValues,
  resolvedBy: z.string().nullable(),
});
export type Correction = z.infer<typeof zCorrection>;

export const zCorrectionListQuery = z.object({
  status: z.enum(CORRECTION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type CorrectionListQuery = z.infer<typeof zCorrectionListQuery>;
export const zCorrectionList = z.object({ items: z.array(zCorrection), total: z.number().int() });

export const zCorrectionResolve = z.object({ answer: zComment.optional() });
export const zCorrectionReject = z.object({
  answer: z.string().trim().min(1, 'errors:validation.required').max(1000, 'errors:validation.tooLong'),
});

/** A parent's child at the context school and the state of the consent (4.9, 4.10). */
export const zConsent = z.object({
  childPersonId: zId,
  institutionId: zId,
  surname: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
  birthDate: z.string(),
  /** Under 18 today: consent is needed. */
  required: z.boolean(),
  /** Some linked parent's consent stands (mine or another's). */
  given: z.boolean(),
  /** My own standing consent, if any. */
  mine: z.object({ givenAt: z.string() }).nullable(),
  /** Other linked parents whose consent stands. */
  others: z.array(z.object({ name: z.string(), givenAt: z.string() })),
});
export type Consent = z.infer<typeof zConsent>;
export const zConsentList = z.object({ items: z.array(zConsent) });
export const zConsentCreate = z.object({ childPersonId: zId });
export const zConsentKey = z.object({ childPersonId: zId });
