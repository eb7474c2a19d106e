// What `caretaker export` writes of an OpenSearch cluster: every sub-read asked for (sizing, disk and
// network come from the nodes), region and area (write-only) from the nodes with a note, no `az`, and
// the required `nodePrefix`, which no read returns, guessed from the node names with a note saying so.
import { isObject } from '../../../../core/objects.js';
import { WRITE_ONLY } from '../../common/export.js';
import { toText } from '../../common/normalize.js';
import { paasExport } from '../../common/paas/export.js';
import { OPENSEARCH } from './observe.js';

const PREFIX = /^[A-Z0-9.-]{4,60}$/;

/** The common prefix of the node names without their trailing number, upper-cased, when it fits the pattern. */
export function prefixOfNodes(nodes: unknown): string | undefined {
  const names = (Array.isArray(nodes) ? nodes : []).filter(isObject).map((n) => toText(n.name)).filter((n): n is string => n !== undefined);
  if (names.length === 0) return undefined;
  let common = names[0]!;
  for (const n of names) while (!n.startsWith(common)) common = common.slice(0, -1);
  const prefix = common.replace(/[0-9]+$/, '').toUpperCase();
  return PREFIX.test(prefix) ? prefix : undefined;
}

export const OPENSEARCH_EXPORT = paasExport(OPENSEARCH, {
  fileStem: 'opensearch',
  probe: (serviceId) => ({ serviceId, region: null, area: null, nodeSizing: null, diskSize: null, networkId: null, clusterVersion: null }),
  finish(_ctx, _r, _obs, raw, spec, notes) {
    delete spec.az;
    for (const k of ['region', 'area'] as const) if (spec[k] !== undefined) notes[`spec.${k}` as const] = `${WRITE_ONLY}; read from the nodes' ${k}`;
    const guess = prefixOfNodes(raw.nodes);
    spec.nodePrefix = guess ?? 'NODE';
    notes['spec.nodePrefix'] = guess !== undefined
      ? `${WRITE_ONLY}; NOT READABLE from the API: guessed from the node names, check it before any re-create`
      : `${WRITE_ONLY}; NOT READABLE from the API: "NODE" is a placeholder, write the real prefix before any re-create`;
  },
});
