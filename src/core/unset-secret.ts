// A secret whose source is missing (`${env:NAME}` unset, `${file:path}` absent) in a field that is
// sent only at create (x-write-only). Reads need no such value: it stands in the spec until a plan
// would send it, which is an error at the string's file:line:col; nothing can ever send it.
import type { SourceRange } from './diagnostics.js';
import { Secret } from './secret.js';

/** Where the missing value was written, and what is missing (names a variable or a file, never a value). */
export interface UnsetSource {
  /** `environment variable NAME is not set`, `file not found: path`: one entry per missing source. */
  problems: string[];
  /** JSON pointer of the string inside its document (`/spec/admPassword`, `/spec/defaults/admPassword`). */
  pointer: string;
  range?: SourceRange;
}

/**
 * A Secret without a value. It prints `(sensitive)` like any Secret; `reveal()` gives an empty string
 * so that schema checks (which skip its pointer) and diffs (which never compare write-only fields) can
 * run; the HTTP layer refuses to serialise it (`assertNoUnsetSecret`).
 */
export class UnsetSecret extends Secret {
  readonly source: UnsetSource;
  constructor(source: UnsetSource) {
    super('');
    this.source = source;
  }
}

export function isUnsetSecret(v: unknown): v is UnsetSecret {
  return v instanceof UnsetSecret;
}

/** Every UnsetSecret inside `v` (plain data, Secrets' values included), in document order. */
export function findUnsetSecrets(v: unknown, out: UnsetSecret[] = []): UnsetSecret[] {
  if (v instanceof UnsetSecret) out.push(v);
  else if (v instanceof Secret) findUnsetSecrets(v.reveal(), out);
  else if (Array.isArray(v)) for (const x of v) findUnsetSecrets(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) findUnsetSecrets(x, out);
  return out;
}
