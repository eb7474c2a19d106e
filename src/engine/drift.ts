// The drift report (`caretaker drift`, format documented in docs/drift-format.md and
// schemas/drift-report.schema.json): from a plan made with prune on, every drifted resource with each
// field's live and manifest values (secrets redacted), owned resources missing from the manifests,
// managed ones missing live, the acknowledged drift of lifecycle.ignoreDrift, and for each drifted
// resource who changed it and when, from the provider's resource history. Pure except `history` reads.
import { fromPointer, toDotted } from '../core/json-pointer.js';
import { redactDeep, revealDeep } from '../core/secret.js';
import type { IgnoreDrift, ManifestSet } from '../manifest/types.js';
import type { Change, FieldDiff, Plan } from './plan.js';
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
  /** History entries after the last change caretaker made (newest last); empty when unknown. */
  causes: HistoryEntry[];
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

/** Entries after caretaker's own last change; without one, the latest `max`. */
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
    const base = { address: c.address, kind: c.kind, name: c.name, ...(c.id === undefined ? {} : { id: c.id }), causes: [] as HistoryEntry[] };
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

/**
 * Who and when, for the resources that exist live and differ (one history read each), and for the
 * managed ones missing live (the history of their name in their service: who deleted them, when).
 */
export async function addCauses(report: DriftReport, set: Pick<ManifestSet, 'resources'>, opts: DriftOptions): Promise<void> {
  const byAddress = new Map(set.resources.map((r) => [r.address, r]));
  // Missing resources, per provider and service: one history read serves all the names of a service.
  const missing = new Map<string, { provider: Provider; serviceId: number; resources: DriftResource[] }>();
  for (const r of report.resources) {
    if (r.status !== 'missing-live') continue;
    const manifest = byAddress.get(r.address);
    const provider = opts.providers.get(manifest?.provider ?? 'itcare');
    const serviceId = revealDeep(manifest?.spec?.serviceId);
    if (!provider?.scopeHistory || typeof serviceId !== 'number') continue;
    const key = `${provider.name}#${serviceId}`;
    const group = missing.get(key) ?? { provider, serviceId, resources: [] };
    group.resources.push(r);
    missing.set(key, group);
  }
  const scopes = [...missing.values()].map(async (g) => {
    const byName = await g.provider.scopeHistory!(g.serviceId, [...new Set(g.resources.map((r) => r.name))].sort());
    for (const r of g.resources) {
      r.causes = causesOf(byName.get(r.name) ?? [], opts.self, opts.maxCauses ?? 3);
      if (r.causes.length > 0) r.summary = 'in the manifests but not found live; its history in the service says what happened';
    }
  });
  const resources = report.resources.map(async (r) => {
    if ((r.status !== 'drifted' && r.status !== 'acknowledged') || r.id === undefined) return;
    const provider = opts.providers.get(byAddress.get(r.address)?.provider ?? 'itcare');
    if (!provider?.history) return;
    r.causes = causesOf(await provider.history(r.kind, r.id), opts.self, opts.maxCauses ?? 3);
  });
  await Promise.all([...scopes, ...resources]);
}
export type { HistoryEntry } from './provider.js';
