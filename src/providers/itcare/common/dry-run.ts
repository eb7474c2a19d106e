// ITCare's dry-run mode (issue 13 item 9). The docs, `001:2463-2469`:
//   "Certaines méthodes autorisent le test des appels API sans que cela ne déclenche réellement l'action
//    dans ITCare. La validation s'effectue cependant. Pour activer le mode Dry Run, il suffit d'ajouter
//    un header personnalisé dans vos requêtes HTTP : ITCare-DryRun: true. Une fois que le serveur
//    traitera votre requête, le même header personnalisé sera inclus dans la réponse."
// "Some methods" honour it, and the docs never say which. A method that does not would execute the
// call for real, so caretaker sends a dry run only for the calls the operator declares honoured
// (`plan --validate --dry-run-honoured 'PATCH /itcare/databases/*'`, or `all`): by default none is
// sent and every operation is "not checked". The echoed header tells an honoured dry run from an
// ignored one: an answer without it is reported as "not validated, may have been executed".
import { own } from '../../../core/dict.js';
import { ApiError, ConfigError, NetworkError, TimeoutError } from '../../../core/errors.js';
import type { HttpClient } from '../../../http/types.js';
import type { DryRunResult } from '../../../engine/provider.js';
import type { Operation } from '../../../engine/plan.js';
import { contentTypeFor, type VendorTyped } from './client.js';

export const DRY_RUN_HEADER = 'ITCare-DryRun';
const ECHO = DRY_RUN_HEADER.toLowerCase();

/**
 * The calls the operator declares honoured: `all`, or `METHOD /path/pattern` where `*` stands for one
 * path segment and a trailing `/**` for any rest (`PATCH /itcare/databases/*\/*`, `POST /itcare/**`).
 */
export function honouredMatcher(patterns: readonly string[]): (op: Pick<Operation, 'method' | 'path'>) => boolean {
  const rules = patterns.map((raw) => {
    const p = raw.trim();
    if (p.toLowerCase() === 'all') return () => true;
    const m = /^([A-Za-z]+)\s+(\/\S*)$/.exec(p);
    if (!m) throw new ConfigError(`--dry-run-honoured takes "all" or "METHOD /path" (e.g. "PATCH /itcare/databases/*/*"), got "${raw}"`);
    const method = m[1]!.toUpperCase();
    const re = new RegExp('^' + m[2]!.split('/').map((s) => (s === '**' ? '.*' : s === '*' ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/') + '$');
    return (op: Pick<Operation, 'method' | 'path'>) => op.method === method && re.test(op.path);
  });
  return (op) => rules.some((r) => r(op));
}

function echoed(headers: Readonly<Record<string, string>> | undefined): boolean {
  return String(own(headers, ECHO) ?? '').trim().toLowerCase() === 'true';
}

/**
 * Sends `op` (placeholders resolved) with `ITCare-DryRun: true` when `honoured(op)`; otherwise sends
 * nothing. Never retried blindly (POST/PATCH), like the real call.
 */
export async function dryRunOperation(
  http: HttpClient, op: Operation, honoured: (op: Operation) => boolean, signal?: AbortSignal, vendorTyped: readonly VendorTyped[] = [],
): Promise<DryRunResult> {
  if (!honoured(op)) {
    return { outcome: 'not-checked', message: `not sent: the docs do not say that ${op.method} ${op.path} honours ${DRY_RUN_HEADER} ("certaines méthodes", 001:2465), and a call that ignores it would run for real (see --dry-run-honoured)` };
  }
  const ignored: DryRunResult = { outcome: 'header-ignored', message: `the answer did not echo ${DRY_RUN_HEADER} (001:2469): the server may have executed ${op.method} ${op.path}` };
  try {
    const res = await http.request({
      method: op.method, path: op.path, body: op.body,
      contentType: op.body === undefined ? undefined : contentTypeFor(op.method, op.path, vendorTyped),
      headers: { [DRY_RUN_HEADER]: 'true' }, idempotent: op.method !== 'POST' && op.method !== 'PATCH', signal,
    });
    return echoed(res.headers) ? { outcome: 'accepted' } : ignored;
  } catch (err) {
    if (err instanceof ApiError) {
      const message = `${err.status} ${err.apiMessage ?? 'no message'}`;
      // A 4xx means the call was refused, dry run or not; the echo says whether it was a dry run.
      if (err.status >= 400 && err.status < 500) return { outcome: 'rejected', message: echoed(err.headers) ? message : `${message} (the answer did not echo ${DRY_RUN_HEADER})` };
      return echoed(err.headers) ? { outcome: 'not-checked', message: `the dry run failed: ${message}` } : { ...ignored, message: `${ignored.message} (${message})` };
    }
    if (err instanceof NetworkError || err instanceof TimeoutError) return { ...ignored, message: `no answer (${err.message}): the server may have executed ${op.method} ${op.path}` };
    throw err;
  }
}
