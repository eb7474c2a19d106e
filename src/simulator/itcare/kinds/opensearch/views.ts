// The OpenSearch response shapes: `GET /itcare/databases/opensearch/{id}` (`001:4723-4830`), ResourceBase
// plus the cluster fields, and its nodes (Node plus `roles`, `masters`, `elsType`…, `001:5036-5300`),
// each node with its own sizing and disk.
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { nodeView, resourceBase, sizingParts } from '../../common/views.js';
import { osNodes } from './nodes.js';

const ELS_TYPE = 'OPENSEARCH';

export function opensearchView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  const area = String(r.attrs.area ?? '').toLowerCase();
  const host = `${r.name}.${area}.opensearch.cegedim.cloud`;
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    allowMonitoringDisplay: true, cpu, dedicatedIngest: false, elsType: ELS_TYPE, farmTopology: r.topology,
    managementUrls: [`https://${host}:9200`, `https://dashboards-${host}`], nodeCount: r.nodeCount, ram, version: r.version,
  });
}

export function opensearchNodes(state: SimulatorState, r: ResourceRecord): Array<Record<string, unknown>> {
  const nodes = osNodes(r);
  const masters = nodes.filter((n) => n.roles.includes('master')).map((n) => n.name);
  return nodes.map((n, i) => {
    const { cpu, ram } = sizingParts(n.sizing);
    return Object.assign(nodeView(state, r, n, i), {
      autoRestart: true, clusterId: String(r.id), cpu, elsType: ELS_TYPE, masters, nodeAttributes: {}, ram, roles: [...n.roles],
      serviceEnable: true, storage: n.diskSize, version: r.version,
    });
  });
}
