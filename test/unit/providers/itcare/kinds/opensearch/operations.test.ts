// The OpenSearch operation builders (pure): the create body (instanceCount sent as the API's string),
// add_nodes for an even growth and resize_nodes over the nodes not yet at the size, with the refusals
// the docs' rules give at plan time (no shrink, an even step, an odd total), and the shared updates.
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import { Secret } from '../../../../../../src/core/secret.js';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import type { DesiredResource, Observation } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { SID, ctx } from '../../fixtures.js';

const h = createItcareProvider({ http: fakeHttp() }).handler('OpenSearch')!;
const ID = 500100002;
const PATH = `/itcare/databases/opensearch/${ID}`;
const d = (path: string): FieldDiff => ({ op: 'replace', path });
const desired = (spec: Record<string, unknown> = {}): DesiredResource => ({
  address: 'OpenSearch/orders-search', kind: 'OpenSearch', name: 'orders-search',
  spec: { serviceId: SID, region: 'EB', area: 'EB-QA', nodeSizing: '2cpu4gb', diskSize: 40, networkId: 1234511, instanceCount: 3, clusterVersion: 2.11, nodePrefix: 'ORDSRCH', admPassword: new Secret('Orders#Search2026'), ...spec },
});
const nodes = [{ name: 'ORDSRCH01', cpu: 2, ram: 4 }, { name: 'ORDSRCH02', cpu: 4, ram: 8 }, { id: 73, cpu: 2, ram: 4 }];
const live = (spec: Record<string, unknown> = {}): Observation => ({
  exists: true, id: ID, spec: { serviceId: SID, nodeSizing: '2cpu4gb', instanceCount: 3, state: 'running', tags: {}, ...spec }, raw: { nodes },
});

describe('OpenSearch createOperations', () => {
  it('POSTs instanceCount and clusterVersion as the strings the API types (001:4571, 001:4590)', () => {
    const [create, tags] = h.createOperations(desired(), ctx());
    expect(create).toMatchObject({ method: 'POST', path: '/itcare/databases/opensearch', summary: 'create OpenSearch orders-search (3 x 2cpu4gb, 40 GB, v2.11)' });
    expect(create!.body).toMatchObject({ instanceCount: '3', clusterVersion: '2.11', nodePrefix: 'ORDSRCH' });
    expect(tags!.path).toBe('/itcare/compute/resources/${ref:self}/tags');
  });
});

describe('OpenSearch updateOperations', () => {
  it('adds an even number of nodes with the spec\'s size and disk, then resizes every node not at the size', () => {
    const ops = h.updateOperations(desired({ instanceCount: '5', nodeSizing: '4cpu8gb' }), live(), [d('/instanceCount'), d('/nodeSizing')], ctx());
    expect(ops.map((o) => [o.path, o.body, o.irreversible])).toEqual([
      [PATH, { operation: 'add_nodes', options: { diskSize: 40, nodeSize: '4cpu8gb', nodesCount: 2 } }, false],
      [PATH, { operation: 'resize_nodes', options: { nodeSize: '4cpu8gb', nodes: ['ORDSRCH01', '73'] } }, true],
    ]);
    expect(ops.map((o) => o.summary)).toEqual(['add 2 nodes (3 -> 5, 4cpu8gb, 40 GB)', 'resize nodes 2cpu4gb -> 4cpu8gb (ORDSRCH01, 73)']);
  });

  const refused: Record<string, { reason: string; count: unknown; have?: number; message: RegExp }> = {
    shrink: { reason: 'no operation removes nodes', count: 3, have: 5, message: /cannot shrink; ITCare only adds nodes \(add_nodes, ITCare 001:4913-4927\)/ },
    oddStep: { reason: '"nodesCount must be even" (001:4915): an even live count cannot reach an odd total', count: 5, have: 4, message: /adds 1 nodes: add_nodes "nodesCount must be even" \(ITCare 001:4915\)/ },
    evenTotal: { reason: 'the total "must be odd" (001:4554)', count: 6, have: 3, message: /instanceCount 6: the cluster's node count "must be odd" \(ITCare 001:4554\)/ },
  };
  it.each(Object.entries(refused))('refuses at plan time: %s', (_n, c) => {
    const run = () => h.updateOperations(desired({ instanceCount: c.count }), live({ instanceCount: c.have }), [d('/instanceCount')], ctx());
    expect(run, c.reason).toThrow(RefusedError);
    expect(run, c.reason).toThrow(c.message);
  });

  it('refuses a resize when no node could be read (resize_nodes names its nodes)', () => {
    const run = () => h.updateOperations(desired({ nodeSizing: '4cpu8gb' }), { ...live(), raw: {} }, [d('/nodeSizing')], ctx());
    expect(run).toThrow(/resize_nodes names the nodes to resize/);
  });

  it('keeps the shared operations: monitoring, stop; never the PaaS resize', () => {
    const ops = h.updateOperations(desired({ onCallSupervision: true, state: 'stopped' }), live({ onCallSupervision: false }), [d('/onCallSupervision'), d('/state')], ctx());
    expect(ops.map((o) => o.body)).toEqual([{ operation: 'update_monitoring', options: { on_call: true } }, { operation: 'stop' }]);
  });

  it('deletes without a body (001:4832-4870)', () => {
    const [op] = h.deleteOperations('OpenSearch/orders-search', live(), ctx({ changeReference: 'RFC1' }));
    expect(op).toMatchObject({ method: 'DELETE', path: PATH, irreversible: true });
    expect(op!.body).toBeUndefined();
  });
});
