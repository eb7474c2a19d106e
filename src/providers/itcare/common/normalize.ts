// Live ITCare values -> the manifest's spec shape, for the fields every PaaS kind shares (sizing,
// running state, monitoring, patch party). Kind-specific tables live in kinds/<kind>/.
import { dict, own, setOwn } from '../../../core/dict.js';
import { InternalError } from '../../../core/errors.js';
import { scrubText } from '../../../core/secret.js';
import type { DesiredResource } from '../../../engine/provider.js';
import type { Json } from './client.js';
import { isObject } from '../../../core/objects.js';

/** A number, or a numeric string turned into one; anything else is absent. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** The desired resource's `spec.serviceId` (stack defaults merged); a missing one is a bug upstream. */
export function serviceIdOf(desired: DesiredResource): number {
  const sid = toNumber(desired.spec.serviceId);
  if (sid === undefined) throw new InternalError(`spec.serviceId of ${desired.address} is missing after defaults were merged`);
  return sid;
}

export function toText(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Free text of the API (an action's message, a history entry, a cause): scrubbed of every registered
 * secret, in every encoding, where it enters the program, before any view cuts, escapes or encodes it.
 */
export function apiText(v: unknown): string | undefined {
  const t = toText(v);
  return t === undefined ? undefined : scrubText(t);
}

export function toBool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** Sets `out[key]` only when the value is known, so that fields the API does not return stay absent. */
export function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) setOwn(out, key, value);
}

const SIZING = /^\d+cpu\d+gb$/i;

/**
 * The sizing string `2cpu4gb`: the API's own sizing text when it has that form (list items `sizing`,
 * PostgreSQL `nodeSizing`), else built from `cpu` + `ram` (GB, ITCARE-API §4.3).
 */
export function sizingOf(candidates: readonly unknown[], cpu: unknown, ram: unknown): string | undefined {
  for (const c of candidates) if (typeof c === 'string' && SIZING.test(c)) return c.toLowerCase();
  const n = toNumber(cpu);
  const r = toNumber(ram);
  return n !== undefined && r !== undefined ? `${n}cpu${r}gb` : undefined;
}

/** `ACTIVE` / `PREPARATION` -> running, `INACTIVE` -> stopped (ITCARE-API §1.9); other values stay absent. */
export function stateOf(status: unknown): 'running' | 'stopped' | undefined {
  const s = String(status ?? '').toUpperCase();
  if (s === 'ACTIVE' || s === 'PREPARATION') return 'running';
  if (s === 'INACTIVE') return 'stopped';
  return undefined;
}

/**
 * The manifest's `{excluded, patchGroup, exclusionReason}`: `patchGroup` only when non-empty (empty =
 * no preference, ITCARE-API §9.2), `exclusionReason` only while excluded (a stale reason is noise).
 */
export function patchPartyOf(pp: unknown): Record<string, unknown> | undefined {
  if (!isObject(pp)) return undefined;
  const out: Record<string, unknown> = {};
  const excluded = toBool(pp.excluded);
  put(out, 'excluded', excluded);
  put(out, 'patchGroup', toText(pp.patchGroup));
  if (excluded === true) put(out, 'exclusionReason', toText(pp.exclusionReason));
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Monitoring, one concept with several spellings (ITCARE-API §3.4): GET names -> create names. */
export function putMonitoring(out: Record<string, unknown>, live: Json): void {
  put(out, 'monitoringEnabled', toBool(live.monitoringEnabled));
  put(out, 'monitoringAlerting', toBool(live.monitoringAlerting));
  put(out, 'onCallSupervision', toBool(live.monitoringOnCallEnabled));
}

const asText = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/**
 * The live text, or the desired spelling when both are equal without case. Used for immutable text
 * fields (area, region, trigram…): a case-only difference must never plan a replacement.
 */
export function likeDesired(live: unknown, desired: unknown): string | undefined {
  const l = toText(live);
  const d = asText(desired);
  return l !== undefined && d !== undefined && l.toLowerCase() === d.toLowerCase() ? d : l;
}

const DOTTED = /^\d+(\.\d+)*$/;

/**
 * The live version, or the desired spelling when one is a component prefix of the other (`6.2` vs
 * `6.2.5`, `15` vs `15.4`): the docs do not say how precise the returned version is (ITCARE-API §4.3).
 */
export function versionLike(live: unknown, desired: unknown): string | undefined {
  const l = toText(live);
  const d = asText(desired);
  if (l === undefined || d === undefined || !DOTTED.test(l) || !DOTTED.test(d)) return l;
  const [a, b] = [l.split('.'), d.split('.')];
  const n = Math.min(a.length, b.length);
  return a.slice(0, n).every((x, i) => Number(x) === Number(b[i])) ? d : l;
}

/**
 * Placement fields that PaaS GETs lack, read from the `/nodes` sub-resource (Node shape, ITCARE-API
 * §3.3): region, area, az, diskSize (GB per node, `storage`) and networkId. A multi-node farm spreads
 * over several AZs, so a field reads as the desired value when any node has it, else the first node's.
 */
export function fromNodes(nodes: readonly Json[], desired: Record<string, unknown>): Record<string, unknown> {
  const out = dict<unknown>();
  const pick = (key: 'region' | 'area' | 'az' | 'diskSize' | 'networkId', values: (string | number | undefined)[], fallback: (vs: (string | number)[]) => string | number) => {
    const vs = values.filter((v): v is string | number => v !== undefined);
    if (vs.length === 0) return;
    const want = own(desired, key);
    const hit = vs.find((v) => asText(v)?.toLowerCase() === asText(want)?.toLowerCase());
    out[key] = hit !== undefined ? (typeof want === 'string' && typeof hit === 'string' ? want : hit) : fallback(vs);
  };
  const idOf = (o: unknown) => (isObject(o) ? toText(o.id) : undefined);
  const first = (vs: (string | number)[]) => vs[0] as string | number;
  pick('region', nodes.map((n) => idOf(n.region)), first);
  pick('area', nodes.map((n) => idOf(n.area)), first);
  pick('az', nodes.map((n) => idOf(n.availabilityZone)), first);
  pick('diskSize', nodes.map((n) => toNumber(n.storage)), (vs) => Math.max(...(vs as number[])));
  pick('networkId', nodes.map((n) => (isObject(n.network) ? toNumber(n.network.id) : undefined)), first);
  return out;
}
