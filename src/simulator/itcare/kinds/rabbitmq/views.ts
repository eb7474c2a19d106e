// The RabbitMQ response shapes: `GET /itcare/message-brokers/rabbitmq/{id}` (`001:14374-14469`),
// ResourceBase plus the broker fields, and its nodes (`001:14664-14900`), the shared Node plus
// `erlangVersion`, `nodesNumber`, `osImage` and `product`.
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { nodeView, resourceBase, sizingParts, type NodeRecord } from '../../common/views.js';

/** The Erlang release the simulated brokers run (choice: the docs give none). */
const ERLANG_VERSION = '26.2';

export function rabbitmqView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  const area = String(r.attrs.area).toLowerCase();
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    allowMonitoringDisplay: true,
    brokerCount: r.nodeCount,
    brokerSize: r.sizing,
    cpu,
    managementUrl: `https://${r.name}.${area}.rabbitmq.cegedim.cloud:15671`,
    ram,
    tlsEnabled: r.attrs.tlsEnabled === true,
    version: r.version,
  });
}

export function rabbitmqNodeView(state: SimulatorState, r: ResourceRecord, n: NodeRecord, i: number): Record<string, unknown> {
  return Object.assign(nodeView(state, r, n, i), {
    erlangVersion: ERLANG_VERSION, nodesNumber: String(r.nodeCount), osImage: 'debian12', product: `RabbitMQ ${r.version}`,
  });
}
