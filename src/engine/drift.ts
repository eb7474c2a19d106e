// The drift report (`caretaker drift`, format documented in docs/drift-format.md and
// schemas/drift-report.schema.json): from a plan made with prune on, every drifted resource with each
// field's live and manifest values (secrets redacted), owned resources missing from the manifests,
// managed ones missing live, the acknowledged drift of lifecycle.ignoreDrift, and for each drifted
// resource who changed it and when, from the provider's resource history. Pure except `history` reads.
import { fromPointer, toDotted } from '../core/json-pointer.js';
import { redactDeep } from '../core/secret.js';
import type { IgnoreDrift, ManifestSet } from '../manifest/types.js';
import type { Change, FieldDiff, Plan, PolicyResult } from './plan.js';
import { OWNER_TAG, type HistoryEntry, type Provider } from './provider.js';

export const DRIFT_FORMAT_VERSION = 1;

export type DriftStatus = 'drifted' | 'acknowledged' | 'missing-live' | 'not-in-manifests';

export interface DriftField {
  /** Dotted spec path, as `lifecycle.ignoreDrift` names it: `spec.nodeSizing`, `spec.tags.team`. */
  path: string;
  /** The same field as a JSON pointer inside spec (`/urls/api.shop.cegedim.cloud/monitoringEnabled`). */
  pointer: string;
  /** `changed`, `added` (in the manifest, not live) or `removed` (live, not in the manifest). */
  change: 'changed' | 'added' | 'removed';
  /** Live value (absent when the field is not set live); secrets as `(sensitive)`. */
  live?: unknown;
  /** Manifest value (absent when the manifest does not set it); secrets as `(sensitive)`. */
  manifest?: unknown;
  forcesReplace?: boolean;
  /** Set when a `lifecycle.ignoreDrift` entry matches the field. */
  acknowledged?: { reason: string; until: string; expired: boolean };
  /** With `--history`: since when the field has drifted (fields that count only). */
  history?: DriftAge;
}

/**
 * With `--history`: `new` (first seen by this run) or `persistent` (seen by an earlier run, since
 * `firstSeen`). `valueChanged`: still drifted, but the live value differs from the last run's.
 */
export interface DriftAge {
  state: 'new' | 'persistent';
  firstSeen: string;
  valueChanged?: boolean;
}

/** A drift of an earlier run that this run no longer finds (fixed, accepted, acknowledged or reconciled). */
export interface ResolvedDrift {
  address: string;
  /** Dotted spec path; absent for a whole resource (missing live, not in the manifests). */
  path?: string;
  status: 'drifted' | 'missing-live' | 'not-in-manifests';
  firstSeen: string;
  lastSeen: string;
}

/** What `--history` adds to the report. */
export interface DriftHistorySummary {
  new: number;
  persistent: number;
  resolved: ResolvedDrift[];
  /** New or resolved drift, or a drifted value that changed, since the last run: what `--notify` announces. */
  changed: boolean;
  /** The earliest `firstSeen` of the drift that counts now. */
  oldestFirstSeen?: string;
  /** No history was read (a first run, or a corrupt file replaced): every drift is new. */
  firstRun?: boolean;
}

/** One live resource of the stack's services that carries no `caretaker-stack` tag. */
export interface UnmanagedResource {
  kind: string;
  name: string;
  id: string | number;
  serviceId?: number;
}

/** What `--unmanaged` adds: the untagged resources, the share under management, the export commands. */
export interface UnmanagedSummary {
  /** Live resources of the kinds listed, in the stack's services. */
  total: number;
  /** Tagged by this stack. */
  thisStack: number;
  /** Tagged by another stack. */
  otherStacks: number;
  /** (thisStack + otherStacks) / total, 1 when total is 0. */
  managedShare: number;
  resources: UnmanagedResource[];
  /** One `caretaker export … --adopt` command line per service that has unmanaged resources. */
  adopt: string[];
  /** Kinds caretaker manages whose provider cannot list them this way (said in the report). */
  notListed: string[];
}

/** What `--reconcile` did: the changes applied, the ones left alone (with why), and failures. */
export interface ReconcileSummary {
  applied: Array<{ address: string; operations: string[] }>;
  leftAlone: Array<{ address: string; reason: string }>;
  failed: string[];
  interrupted?: boolean;
  /**
   * The policies' results on the reversal plan (denies and warnings; no override is honoured). A deny
   * also shows as the reason of the change it leaves alone. Absent when no rule was loaded.
   */
  policyResults?: PolicyResult[];
}

export interface DriftResource {
  address: string;
  kind: string;
  name: string;
  id?: string | number;
  status: DriftStatus;
  /** One sentence for humans. */
  summary: string;
  fields: DriftField[];
  /**
   * The history entries that made the drift, oldest first: for each drifted field, the latest entry
   * that can change it (the provider's `historyFields`), with the fields it explains. Kinds without
   * that mapping keep the older rule: the entries after caretaker's own last change. Empty when unknown.
   */
  causes: DriftCause[];
  /** Dotted paths of drifted fields that no history entry explains ("cause unknown"); set once history was read. */
  causeUnknown?: string[];
  /** With `--history`, for a resource missing live or not in the manifests: since when. */
  history?: DriftAge;
}

/** A history entry named as a cause; `fields` are the dotted paths it explains (absent: not attributed). */
export interface DriftCause extends HistoryEntry {
  fields?: string[];
}

export interface DriftReport {
  formatVersion: typeof DRIFT_FORMAT_VERSION;
  stack: string;
  generatedAt: string;
  /** True when something counts as drift (exit code 2). */
  drift: boolean;
  summary: { resources: number; inSync: number; drifted: number; acknowledged: number; expired: number; missingLive: number; notInManifests: number };
  /** Drifted, acknowledged and missing resources only, sorted by address. */
  resources: DriftResource[];
  /** With `--history`. */
  history?: DriftHistorySummary;
  /** With `--unmanaged`. */
  unmanaged?: UnmanagedSummary;
  /** With `--reconcile`: the report is read again after the reconcile; this says what was done. */
  reconcile?: ReconcileSummary;
}

export interface DriftOptions {
  providers: ReadonlyMap<string, Provider>;
  /** `YYYY-MM-DD` (UTC): acknowledgements whose `until` is before it have expired. */
  today: string;
  /** The principal caretaker's own calls show in the history (its OAuth2 client id), when known. */
  self?: string;
  /** Entries to show when caretaker's own last change is not found (default 3). */
  maxCauses?: number;
}

function fieldsOf(c: Change, acks: readonly IgnoreDrift[], today: string): DriftField[] {
  return c.diff.map((d: FieldDiff) => {
    const f: DriftField = {
      path: `spec.${toDotted(d.path)}`,
      pointer: d.path,
      change: d.op === 'add' ? 'added' : d.op === 'remove' ? 'removed' : 'changed',
    };
    if (d.op !== 'add' && d.from !== undefined) f.live = redactDeep(d.from);
    if (d.op !== 'remove' && d.value !== undefined) f.manifest = redactDeep(d.value);
    if (d.forcesReplace) f.forcesReplace = true;
    const segs = fromPointer(d.path);
    const ack = acks.find((a) => {
      const want = fromPointer(a.path);
      return want.length <= segs.length && want.every((s, i) => s === segs[i]);
    });
    if (ack) f.acknowledged = { reason: ack.reason, until: ack.until, expired: ack.until < today };
    return f;
  });
}

function counts(f: DriftField): boolean {
  return f.acknowledged === undefined || f.acknowledged.expired;
}

/** Entries after caretaker's own last change; without one, the latest `max` (kinds without `historyFields`). */
export function causesOf(entries: readonly HistoryEntry[], self: string | undefined, max: number): HistoryEntry[] {
  const sorted = [...entries].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const lastOwn = self === undefined ? -1 : sorted.map((e) => e.by).lastIndexOf(self);
  const after = lastOwn >= 0 ? sorted.slice(lastOwn + 1) : sorted;
  return after.slice(-max);
}

function describe(fields: readonly DriftField[]): string {
  const shown = fields.filter((f) => f.path !== `spec.tags.${OWNER_TAG}`).map((f) => f.path.replace(/^spec\./, ''));
  const owner = fields.some((f) => f.path === `spec.tags.${OWNER_TAG}`) ? ['not tagged as owned by this stack'] : [];
  return [...shown.length > 0 ? [`${shown.join(', ')} differ${shown.length === 1 ? 's' : ''}`] : [], ...owner].join('; ');
}

/**
 * The report of a plan of the same manifest set (made with prune on, to list owned extras), then the
 * causes read from the providers' history.
 */
export async function buildDriftReport(p: Plan, set: ManifestSet, opts: DriftOptions): Promise<DriftReport> {
  const report = driftReportOf(p, set, opts.today);
  await addCauses(report, set, opts);
  return report;
}

/** The pure part: fields, acknowledgements, counts. `causes` are left empty. */
export function driftReportOf(p: Plan, set: Pick<ManifestSet, 'resources'>, today: string): DriftReport {
  const byAddress = new Map(set.resources.map((r) => [r.address, r]));
  const resources: DriftResource[] = [];
  let inSync = 0;
  for (const c of p.changes) {
    const manifest = byAddress.get(c.address);
    if (c.action === 'no-op') {
      inSync++;
      continue;
    }
    const base = { address: c.address, kind: c.kind, name: c.name, ...(c.id === undefined ? {} : { id: c.id }), causes: [] as DriftCause[] };
    if (c.action === 'create') {
      resources.push({ ...base, status: 'missing-live', summary: 'in the manifests but not found live', fields: [] });
      continue;
    }
    if (c.action === 'delete') {
      resources.push({ ...base, status: 'not-in-manifests', summary: `owned by stack ${p.stack} (tag ${OWNER_TAG}) but in no manifest`, fields: [] });
      continue;
    }
    const fields = fieldsOf(c, manifest?.lifecycle.ignoreDrift ?? [], today).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const live = fields.filter(counts);
    const expired = fields.some((f) => f.acknowledged?.expired);
    const status: DriftStatus = live.length === 0 ? 'acknowledged' : 'drifted';
    let summary = describe(fields) + (c.action === 'replace' ? ' (needs replacement)' : '');
    if (status === 'acknowledged') summary += ' (acknowledged)';
    else if (expired) summary += ' (an acknowledgement expired)';
    resources.push({ ...base, status, summary, fields });
  }
  resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const n = (s: DriftStatus) => resources.filter((r) => r.status === s).length;
  const summary = {
    resources: p.changes.length, inSync, drifted: n('drifted'), acknowledged: n('acknowledged'),
    expired: resources.filter((r) => r.fields.some((f) => f.acknowledged?.expired)).length,
    missingLive: n('missing-live'), notInManifests: n('not-in-manifests'),
  };
  return {
    formatVersion: DRIFT_FORMAT_VERSION, stack: p.stack, generatedAt: p.createdAt,
    drift: summary.drifted + summary.missingLive + summary.notInManifests > 0,
    summary, resources,
  };
}

/** True when the field at `pointer` lies under `field`, or `field` under it (`/tags` and `/tags/team`). */
function overlaps(field: string, pointer: string): boolean {
  return field === pointer || pointer.startsWith(`${field}/`) || field.startsWith(`${pointer}/`);
}

/** An entry that failed or was cancelled changed nothing. */
const changedNothing = (e: HistoryEntry): boolean => /ERROR|FAIL|CANCEL/i.test(e.status);

/**
 * Attribution: for each drifted field, the latest history entry whose operation can change it
 * (`fieldsOf`, the provider's mapping). A field no entry explains, or whose latest entry is
 * caretaker's own (`self`: the manifest moved since), is "cause unknown": nothing is guessed.
 */
export function attributeCauses(
  entries: readonly HistoryEntry[], fields: readonly DriftField[], fieldsOf: (e: HistoryEntry) => readonly string[] | undefined, self: string | undefined,
): { causes: DriftCause[]; unknown: string[] } {
  const sorted = [...entries].filter((e) => !changedNothing(e)).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const covers = sorted.map((e) => fieldsOf(e) ?? []);
  const explained = new Map<number, string[]>();
  const unknown: string[] = [];
  for (const f of fields) {
    if (f.path === `spec.tags.${OWNER_TAG}`) continue;
    let found = -1;
    for (let i = sorted.length - 1; i >= 0 && found < 0; i--) if (covers[i]!.some((c) => overlaps(c, f.pointer))) found = i;
    if (found < 0 || (self !== undefined && sorted[found]!.by === self)) unknown.push(f.path);
    else explained.set(found, [...explained.get(found) ?? [], f.path]);
  }
  const causes = [...explained.keys()].sort((a, b) => a - b).map((i) => ({ ...sorted[i]!, fields: explained.get(i)! }));
  return { causes, unknown };
}

/** Who and when, for the resources that exist live and differ (one history read each). */
export async function addCauses(report: DriftReport, set: Pick<ManifestSet, 'resources'>, opts: DriftOptions): Promise<void> {
  const providerOf = new Map(set.resources.map((r) => [r.address, r.provider]));
  await Promise.all(report.resources.map(async (r) => {
    if ((r.status !== 'drifted' && r.status !== 'acknowledged') || r.id === undefined) return;
    const provider = opts.providers.get(providerOf.get(r.address) ?? 'itcare');
    if (!provider?.history) return;
    const entries = await provider.history(r.kind, r.id);
    const handler = provider.handler(r.kind);
    if (!handler?.historyFields) {
      r.causes = causesOf(entries, opts.self, opts.maxCauses ?? 3);
      return;
    }
    const { causes, unknown } = attributeCauses(entries, r.fields, (e) => handler.historyFields!(e), opts.self);
    r.causes = causes;
    if (unknown.length > 0) r.causeUnknown = unknown;
  }));
}
export type { HistoryEntry } from './provider.js';
