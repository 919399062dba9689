import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/**
 * Logs must never carry personal data: no cookies or tokens, and no query strings (searches contain names
 * and IINs). Request lines keep method, path and status.
 */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization'], remove: true },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
      }),
    },
  };
}
