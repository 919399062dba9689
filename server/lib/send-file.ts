import type { FastifyReply } from 'fastify';

/**
 * Answers a generated file (an export, a PDF). RFC 6266 / RFC 5987: an ASCII fallback `filename` and the UTF-8
 * `filename*`, so a Kazakh or Russian name survives. Never cached: exports carry personal data.
 */
export function sendFile(reply: FastifyReply, body: Buffer, contentType: string, fileName: string, inline = false) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  const disposition = `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  return reply
    .header('cache-control', 'no-store')
    .header('content-type', contentType)
    .header('content-disposition', disposition)
    .send(body);
}
