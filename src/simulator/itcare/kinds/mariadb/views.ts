// The MariaDB response shapes: `GET /itcare/databases/mariadb/{id}` (`001:12318-12420`), ResourceBase
// plus the instance fields, and its nodes (Node plus `initialized` and `version`, `001:12610-12860`).
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { nodesOf, nodeView, resourceBase, sizingParts } from '../../common/views.js';

export function mariadbView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  const area = String(r.attrs.area ?? '').toLowerCase();
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    allowMonitoringDisplay: true, cpu, nodeCount: r.nodeCount, ram, topology: r.topology,
    url: `${r.name}.${area}.mariadb.cegedim.cloud:3306`, version: r.version,
  });
}

/** The nodes (none for the seeded farm, which stores none). */
export function mariadbNodes(state: SimulatorState, r: ResourceRecord): Array<Record<string, unknown>> {
  return nodesOf(r).map((n, i) => Object.assign(nodeView(state, r, n, i), { initialized: r.status !== 'PREPARATION', version: r.version }));
}
