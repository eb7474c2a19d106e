// Low-level request/response helpers for the simulator server: a capped body reader, JSON body
// parsing with the documented 400, and writing a Reply with the ITCare media type.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fieldError, SimHttpError, type Reply } from './reply.js';

/** Media type of every JSON answer (`001:5477-5480` and most reference blocks). */
export const ITCARE_MEDIA_TYPE = 'application/vnd.cegedim-it.v1+json';
/** Request bodies above this size are refused with 400. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body; `tooLarge` when it exceeded the cap (the rest is drained, not kept). */
export function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge }));
    req.on('error', reject);
  });
}

/**
 * Parses a JSON request body. Accepted media types: `application/json`, any `application/*+json`
 * (the vendor type, `json-patch+json`); another type with a body is 415, as Spring answers
 * (the docs' table has no 415, `001:22574-22638`).
 */
export function parseJsonBody(contentType: string | undefined, text: string, tooLarge: boolean): unknown {
  if (tooLarge) throw fieldError('body', `Error on field 'body': the request body exceeds ${MAX_BODY_BYTES} bytes`);
  if (text.trim() === '') return undefined;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!/^application\/([a-z0-9.+-]*\+)?json$/.test(type)) throw new SimHttpError(415);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw fieldError('body', "Error on field 'body': malformed JSON");
  }
}

/** Writes a reply; JSON bodies get the ITCare media type unless the reply sets its own. */
export function sendReply(res: ServerResponse, method: string, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: Buffer | undefined;
  if (reply.body !== undefined && reply.status !== 204) {
    payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
    headers['content-type'] ??= ITCARE_MEDIA_TYPE;
  }
  if (reply.status !== 204 && reply.status !== 304) headers['content-length'] = String(payload?.length ?? 0);
  res.writeHead(reply.status, headers);
  res.end(method === 'HEAD' ? undefined : payload);
}

/** Sleeps `ms` (no-op for 0). */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
