// The PostgreSQL response shape: `GET /itcare/databases/postgresql/{id}` (`001:15633-15724`),
// ResourceBase plus the instance fields.
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { resourceBase, sizingParts } from '../../common/views.js';

/** `GET /itcare/databases/postgresql/{id}` (`001:15633-15724`). */
export function pgView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  const a = r.attrs;
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    allowMonitoringDisplay: true, allowedReplicationLag: a.allowedReplicationLag, area: a.area, cpu, ram,
    instanceCount: r.nodeCount, ipAddress: a.ipAddress, networkId: a.networkId, nodeCount: r.nodeCount,
    nodeSizing: r.sizing, storage: a.diskSize, tlsEnabled: a.tlsEnabled === true, topology: r.topology,
    trigram: a.trigram, url: `${r.name}.${String(a.area).toLowerCase()}.postgresql.cegedim.cloud:5432`, version: r.version,
  });
}
