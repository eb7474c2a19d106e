// The Redis response shape: `GET /itcare/databases/redis/{id}` (`001:5554-5638`), ResourceBase plus
// the Redis fields.
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { resourceBase, sizingParts } from '../../common/views.js';

export function redisView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  const area = String(r.attrs.area).toLowerCase();
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    allowMonitoringDisplay: true,
    cpu,
    ram,
    nodeCount: r.nodeCount,
    persistenceMode: r.attrs.persistenceMode,
    tlsEnabled: r.attrs.tlsEnabled === true,
    topology: r.topology,
    url: `${r.name}.${area}.redis.cegedim.cloud:${r.nodeCount > 1 ? 26379 : 6379}`,
    version: r.version,
  });
}
