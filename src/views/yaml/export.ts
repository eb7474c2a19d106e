// Exported documents as YAML files: block style, the keys in the order the engine gave (schema order),
// and each comment beside the value it explains (`# write-only: …`).
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ExportedDocument, ExportResult } from '../../engine/export.js';

function nodeAt(doc: Document, path: string): Node | undefined {
  const segs = path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const n = doc.getIn(segs, true);
  return n && (isScalar(n) || isMap(n) || isSeq(n)) ? n : undefined;
}

/** One document as YAML text (a `---`-free single document), ending with a newline. */
export function renderExportedDocument(d: ExportedDocument): string {
  const doc = new Document(d.value);
  for (const [path, text] of Object.entries(d.comments).sort()) {
    const node = nodeAt(doc, path);
    if (!node) continue;
    if (isScalar(node)) node.comment = ` ${text}`;
    else node.commentBefore = ` ${text}`;
  }
  return doc.toString({ lineWidth: 0 });
}

/** What `caretaker export` prints after writing: the files, the variables to set, adoption. */
export function renderExportSummary(r: ExportResult, dir: string, adopt: boolean): string {
  const of = r.serviceId === undefined ? '' : ` of service ${r.serviceId}`;
  const lines = [`Exported ${r.documents.length - 1} resource${r.documents.length === 2 ? '' : 's'}${of} as stack ${r.stack} into ${dir}:`];
  for (const d of r.documents) lines.push(`  ${d.file}  (${d.address})`);
  if (r.secrets.length > 0) {
    lines.push('', 'Secrets are not readable from the API. Set these variables before plan or apply:');
    for (const s of r.secrets) lines.push(`  ${s.env}  (${s.address} ${s.field})`);
  }
  if (r.untagged.length > 0) {
    lines.push('');
    if (adopt) lines.push(`${r.untagged.length} resource(s) have no caretaker-stack tag: the plan adopts them (adds caretaker-stack=${r.stack}); apply it so that prune and destroy see them.`);
    else lines.push(`${r.untagged.length} resource(s) have no caretaker-stack tag: written with lifecycle.adopt: false, so the plan leaves them untagged and says so. Export with --adopt (or remove that line) to adopt them.`);
  }
  if (r.protected.length > 0) {
    lines.push('', `${r.protected.length} resource(s) hold data (databases, brokers, storage, virtual machines' disks): written with lifecycle.preventDestroy: true, so no plan deletes or replaces them ` +
      `(remove the line, or export with --no-protect, to allow that): ${r.protected.join(', ')}.`);
  }
  for (const s of r.skipped) lines.push(`Skipped ${s.address}: ${s.reason}`);
  for (const p of r.problems) lines.push(`Warning: ${p}`);
  return lines.join('\n') + '\n';
}
