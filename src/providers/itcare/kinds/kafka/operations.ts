// Kafka's own operation on top of the shared PaaS ones: `reconfigure` (`001:18607-18621`), one call per
// changed parameter of `overloadedParams` (DESIGN §1: "one key a call"), flagged irreversible as the docs
// say ("This operation cannot be undone afterwards"). Refused at plan time: a key the platform wires at
// create (params.ts) and the removal of a live key (no operation unsets a parameter).
import { RefusedError } from '../../../../core/errors.js';
import { isObject } from '../../../../core/objects.js';
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import type { FieldDiff, Operation } from '../../../../engine/plan.js';
import { diffHeads } from '../../common/changes.js';
import { toNumber, toText } from '../../common/normalize.js';
import { addToPhase } from '../../common/phases.js';
import type { PaasOperations } from '../../common/paas/handler.js';
import { fixedVersion } from '../../common/versions.js';
import { patchOp, type Phased } from '../../common/paas/operations.js';
import { KAFKA } from './observe.js';
import { paramText, refusedKey } from './params.js';

/** The desired parameters, keys sorted (so the calls come in a stable order). */
function desiredParams(spec: Record<string, unknown>): Array<[string, unknown]> {
  if (!isObject(spec.overloadedParams)) return [];
  return Object.entries(spec.overloadedParams).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Refuses, naming them, the keys caretaker cannot send (params.ts). */
function checkKeys(params: ReadonlyArray<[string, unknown]>, address: string): void {
  const why = params.map(([k]) => refusedKey(k)).filter((w): w is string => w !== undefined);
  if (why.length > 0) throw new RefusedError(why.join('; '), address);
}

/** One `reconfigure` of one key: `{"operation": "reconfigure", "options": {"<key>": "<value>"}}`. */
function reconfigureOp(id: string | number, key: string, value: unknown, from: unknown, serviceId?: number): Operation {
  // Values are plain or `${public:…}` (an interpolated secret may only feed an x-sensitive field).
  const summary = `reconfigure ${key}: ${from === undefined ? '' : `${paramText(from)} -> `}${paramText(value)}`;
  return patchOp(KAFKA, id, 'reconfigure', Object.fromEntries([[key, paramText(value)]]), { summary, irreversible: true, serviceId });
}

/** One `reconfigure` per desired parameter on the new platform (`self`). */
function createExtras(desired: DesiredResource, self: string): Operation[] {
  const params = desiredParams(desired.spec);
  checkKeys(params, desired.address);
  const serviceId = toNumber(desired.spec.serviceId);
  return params.map(([k, v]) => reconfigureOp(self, k, v, undefined, serviceId));
}

/** `reconfigure` for each changed key; a removed key and a platform key are refused. */
function updates(desired: DesiredResource, observed: Observation, diff: readonly FieldDiff[], _ctx: unknown, phased: Phased): string[] {
  if (!diffHeads(diff).has('overloadedParams')) return [];
  const want = desiredParams(desired.spec);
  const have = new Map(isObject(observed.spec.overloadedParams) ? Object.entries(observed.spec.overloadedParams) : []);
  const removed = [...have.keys()].filter((k) => !want.some(([w]) => w === k)).sort();
  if (removed.length > 0) {
    throw new RefusedError(
      `overloadedParams: ${removed.join(', ')} ${removed.length === 1 ? 'is' : 'are'} set live but not desired; no ITCare operation unsets a Kafka parameter (reconfigure only sets, and "cannot be undone", 001:18607-18621): write the value to keep`,
      desired.address,
    );
  }
  const changed = want.filter(([k, v]) => !have.has(k) || paramText(have.get(k)) !== paramText(v));
  checkKeys(changed, desired.address);
  const serviceId = toNumber(desired.spec.serviceId) ?? toNumber(observed.spec.serviceId);
  for (const [k, v] of changed) addToPhase(phased, 'reconfigure', reconfigureOp(observed.id as string | number, k, v, have.get(k), serviceId));
  return ['overloadedParams'];
}

/** `create Kafka orders-events (2cpu4gb, 3 brokers, 40 GB, v3.6.0)`. */
function createSummary(d: DesiredResource): string {
  const n = toNumber(d.spec.brokerCount);
  const parts = [
    toText(d.spec.nodeSizing),
    n === undefined ? undefined : `${n} brokers`,
    d.spec.diskSize === undefined ? undefined : `${String(d.spec.diskSize)} GB`,
    d.spec.kafkaVersion === undefined ? undefined : `v${String(d.spec.kafkaVersion)}`,
  ].filter(Boolean);
  return `create Kafka ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

export const KAFKA_OPERATIONS: PaasOperations = {
  createSummary,
  checkCreate: (desired) => checkKeys(desiredParams(desired.spec), desired.address),
  createExtras,
  updates,
};

/** A replace to a lower kafkaVersion would delete the cluster and its topics: refused as the downgrade it is. */
export const KAFKA_DOWNGRADE = fixedVersion('/kafkaVersion', 'Kafka', 'the cluster and its topics');
