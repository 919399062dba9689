import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * Zod's own messages are English; every issue is turned into an i18n key. Schemas in common/schemas carry
 * explicit keys ('errors:validation.iin'); the rest map from the issue code.
 */
function issueKey(issue: ValidationIssue): string {
  const msg = issue.message ?? '';
  if (msg.startsWith('errors:')) return msg.slice('errors:'.length);
  const p = issue.params ?? {};
  switch (issue.keyword) {
    case 'invalid_type':
      return /received undefined/.test(msg) ? 'validation.required' : 'validation.invalidType';
    case 'too_small':
      if (p.origin === 'string') return p.minimum === 1 ? 'validation.required' : 'validation.tooShort';
      return 'validation.tooSmall';
    case 'too_big':
      return p.origin === 'string' ? 'validation.tooLong' : 'validation.tooBig';
    case 'invalid_value':
    case 'invalid_union':
      return 'validation.invalidOption';
    case 'unrecognized_keys':
      return 'validation.unknownField';
    case 'invalid_format':
      return p.format === 'email' ? 'validation.email' : 'validation.invalid';
    default:
      return 'validation.invalid';
  }
}

/**
 * PostgreSQL rejects some input no schema caught. These are the client's fault, so they are 4xx; services
 * should catch the expected ones (unique IIN…) themselves with a precise code, this is the safety net.
 */
const PG_CLIENT_ERRORS: Record<string, [number, string]> = {
  '22001': [400, 'validation.failed'], // string_data_right_truncation
  '22003': [400, 'validation.failed'], // numeric_value_out_of_range
  '22007': [400, 'validation.failed'], // invalid_datetime_format
  '22008': [400, 'validation.failed'], // datetime_field_overflow
  '22021': [400, 'validation.failed'], // character_not_in_repertoire (NUL bytes)
  '22P02': [400, 'validation.failed'], // invalid_text_representation
  '23505': [409, 'conflict'], // unique_violation
  '23503': [409, 'conflict'], // foreign_key_violation
  '23514': [422, 'conflict'], // check_violation
};

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value && typeof value === 'object') return Object.values(value).some(hasNul);
  return false;
}

function send(request: FastifyRequest, reply: FastifyReply, status: number, code: string, extra: object = {}) {
  const message = request.t(code, { ns: 'errors', ...('params' in extra ? (extra.params as object) : {}) });
  const { params: _params, ...rest } = extra as { params?: unknown };
  return reply.status(status).send({ code, message, ...rest });
}

/**
 * One place turns every failure into `{ code, message }` in the caller's language. Client mistakes are 4xx;
 * only a genuine server fault is a 500, and it is logged without the request body (personal data).
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  // A NUL character can never be stored in PostgreSQL text; refuse it for every route before validation.
  app.addHook('preValidation', async (request) => {
    if (hasNul(request.query) || hasNul(request.body) || hasNul(request.params)) {
      throw new AppError(400, 'validation.failed');
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      // A wait the app imposes itself (sign-in back-off) is announced like the rate limiter's.
      if (error.statusCode === 429 && typeof error.params.seconds === 'number') {
        reply.header('retry-after', String(error.params.seconds));
      }
      return send(request, reply, error.statusCode, error.code, { params: error.params, ...error.details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const issues = (error.validation as ValidationIssue[]).map((issue) => ({
        path: [where, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: request.t(issueKey(issue), { ns: 'errors' }),
      }));
      return send(request, reply, 400, 'validation.failed', { issues });
    }
    if (error.statusCode === 429) {
      const seconds = Math.max(1, Math.ceil(Number(reply.getHeader('retry-after') ?? 60)));
      return send(request, reply, 429, 'rateLimited', { params: { seconds } });
    }
    const pgCode = (error as { code?: unknown }).code;
    if (typeof pgCode === 'string' && PG_CLIENT_ERRORS[pgCode]) {
      const [status, code] = PG_CLIENT_ERRORS[pgCode];
      request.log.warn({ pgCode }, 'database refused client input');
      return send(request, reply, status, code);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        status === 413
          ? 'payloadTooLarge'
          : status === 415
            ? 'unsupportedMediaType'
            : status === 404
              ? 'notFound'
              : 'badRequest';
      return send(request, reply, status, code);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(request, reply, 500, 'internal');
  });
});
