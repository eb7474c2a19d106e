// What `caretaker export` writes of a Kafka platform: every sub-read asked for (nodes, and the GET for
// overloadedParams), region and area (write-only) from its nodes, and the write-only nodePrefix guessed
// from the node names (the docs name nodes after it, `001:18231`), with a note saying so.
import { isObject } from '../../../../core/objects.js';
import { WRITE_ONLY } from '../../common/export.js';
import { paasExport } from '../../common/paas/export.js';
import { KAFKA } from './observe.js';

/**
 * The prefix of the node names: the common part before a two-digit index (`DM12301`, `DM12302` ->
 * `DM123`), else their longest common prefix, upper-cased; undefined unless it fits the schema (5..12).
 */
export function prefixOfNodes(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const indexed = names.map((n) => /^(.*?)\d{2}$/.exec(n)?.[1]);
  let prefix: string;
  if (indexed.every((p) => p !== undefined && p === indexed[0])) prefix = indexed[0]!;
  else {
    prefix = names[0]!;
    for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  const upper = prefix.toUpperCase();
  return /^[A-Z0-9]{5,12}$/.test(upper) ? upper : undefined;
}

export const KAFKA_EXPORT = paasExport(KAFKA, {
  fileStem: 'kafka',
  probe: (serviceId) => ({ serviceId, region: null, area: null, diskSize: null, networkId: null, overloadedParams: null }),
  finish(_ctx, _r, _obs, raw, spec, notes) {
    for (const k of ['region', 'area'] as const) if (spec[k] !== undefined) notes[`spec.${k}`] = `${WRITE_ONLY}; read from the nodes' ${k}`;
    if (isObject(spec.overloadedParams) && Object.keys(spec.overloadedParams).length === 0) delete spec.overloadedParams;
    const names = (Array.isArray(raw.nodes) ? raw.nodes : []).filter(isObject).map((n) => n.name).filter((n): n is string => typeof n === 'string');
    const prefix = prefixOfNodes(names);
    if (prefix === undefined) return;
    spec.nodePrefix = prefix;
    notes['spec.nodePrefix'] = `${WRITE_ONLY}; NOT READABLE from the API: guessed from the node names (${names.slice(0, 3).join(', ')}), check it before any re-create`;
  },
});
