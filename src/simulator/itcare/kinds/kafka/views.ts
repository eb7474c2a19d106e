// The Apache Kafka response shapes: `GET /itcare/message-brokers/apache-kafka/{id}`
// (`001:18419-18532`), ResourceBase plus the cluster fields, and its nodes (`001:18727-18966`), the
// shared Node plus `brokerNodes` and `controllerNodes`.
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { nodesOf, nodeView, resourceBase, sizingParts, type NodeRecord } from '../../common/views.js';

/** How many brokers also act as controllers (KRaft, "Contrôleurs 3", `001:28260-28262`): the first three. */
const CONTROLLERS = 3;

/**
 * `overloadedParams` is typed text: the overloaded parameters as a JSON object with sorted keys,
 * `{}` when none (choice: the docs show no value).
 */
export function overloadedParamsText(r: ResourceRecord): string {
  const params = (r.attrs.overloadedParams ?? {}) as Record<string, string>;
  return JSON.stringify(Object.fromEntries(Object.keys(params).sort().map((k) => [k, params[k]])));
}

function host(r: ResourceRecord, node: NodeRecord, port: number): string {
  return `${node.name.toLowerCase()}.${String(r.attrs.area).toLowerCase()}.kafka.cegedim.cloud:${port}`;
}

export function kafkaView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  const nodes = nodesOf(r);
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    allowMonitoringDisplay: true,
    bootstrapServer: nodes.map((n) => host(r, n, 9092)).join(','),
    cpu,
    nodeCount: r.nodeCount,
    nodeSizing: r.sizing,
    overloadedParams: overloadedParamsText(r),
    ram,
    restEndpoint: `https://${r.name}.${String(r.attrs.area).toLowerCase()}.kafka.cegedim.cloud:8082`,
    version: r.version,
    zooKeeper: nodes.slice(0, CONTROLLERS).map((n) => host(r, n, 2181)).join(','),
  });
}

export function kafkaNodeView(state: SimulatorState, r: ResourceRecord, n: NodeRecord, i: number): Record<string, unknown> {
  const names = nodesOf(r).map((x) => x.name);
  return Object.assign(nodeView(state, r, n, i), { brokerNodes: names, controllerNodes: names.slice(0, CONTROLLERS) });
}
