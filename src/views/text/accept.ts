// What `drift --accept` wrote: a unified diff per manifest file (the `diff` package's format, as
// `git diff` shows it), then each field it refused, with the reason.
import { createTwoFilesPatch } from 'diff';
import type { AcceptResult } from '../../engine/accept.js';
import { plural } from '../wording.js';

/** The diff of one file, without the `Index:`/`===` preamble; `a/` and `b/` prefixes as git prints them. */
export function unifiedDiff(file: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
  return patch.split('\n').filter((l) => !/^(Index: |={10,})/.test(l)).join('\n');
}

/** The accept summary for a terminal or a log; ends with a newline. `skipped` names files left untouched. */
export function renderAcceptText(result: AcceptResult, skipped: ReadonlyArray<{ file: string; reason: string }> = []): string {
  const out: string[] = [];
  const written = result.files.filter((f) => !skipped.some((s) => s.file === f.file));
  const fields = result.accepted.filter((a) => written.some((f) => f.file === a.file)).length;
  out.push(fields === 0
    ? 'Accept: no live value was written to the manifests.'
    : `Accepted ${plural(fields, 'live value')} into ${plural(written.length, 'manifest file')}:`);
  for (const f of written) out.push('', unifiedDiff(f.file, f.before, f.after).trimEnd());
  for (const s of skipped) out.push('', `Not written: ${s.file}: ${s.reason}`);
  if (result.refused.length > 0) {
    out.push('', `Refused (left as they are in the manifests):`);
    for (const r of result.refused) out.push(`  ${r.address} ${r.path.replace(/^spec\./, '')}: ${r.reason}`);
  }
  return out.join('\n') + '\n';
}
