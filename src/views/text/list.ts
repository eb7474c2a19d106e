// `caretaker list` for humans: one aligned row per resource the stack owns (address, id, status,
// endpoints), owned resources the manifests no longer name marked, then (--unowned) the manifests'
// resources that exist live without the stack's tag, with who tags them.
import type { ListedResource, StackListing } from '../../engine/list.js';
import { palette } from '../palette.js';
import { plural } from '../wording.js';

function table(rows: ListedResource[], extra: (r: ListedResource) => string): string[] {
  const cells = rows.map((r) => [r.address, r.id === undefined ? '-' : String(r.id), r.status ?? '-', r.endpoints.length > 0 ? r.endpoints.join(', ') : '-', extra(r)]);
  const head = ['ADDRESS', 'ID', 'STATUS', 'ENDPOINTS', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `  ${c.map((x, i) => (i < 3 ? x.padEnd(widths[i]!) : x)).join('  ')}`.trimEnd();
  return [line(head), ...cells.map(line)];
}

/** Renders the listing; ends with a newline. */
export function renderListText(l: StackListing, opts: { color: boolean }): string {
  const c = palette(opts.color);
  const lines: string[] = [];
  if (l.resources.length === 0) lines.push(`Stack ${l.stack} owns no live resource.`);
  else {
    lines.push(c.bold(`Stack ${l.stack} owns ${plural(l.resources.length, 'live resource')}:`));
    lines.push(...table(l.resources, (r) => (!r.inManifests ? c.yellow('(in no manifest: prune would delete it)') : r.ownershipUnverifiable ? '(ownership not verifiable through this API)' : '')));
  }
  if (l.unowned) {
    lines.push('');
    if (l.unowned.length === 0) lines.push('No resource of the manifests exists live without this stack\'s tag.');
    else {
      lines.push(c.bold(`Live without this stack's tag (${l.unowned.length}): the manifests name them, the stack does not own them:`));
      lines.push(...table(l.unowned, (r) => (r.owner ? `(tagged by stack ${r.owner})` : '(untagged: a plan adopts it, unless lifecycle.adopt is false)')));
    }
  }
  return lines.join('\n') + '\n';
}
