import { describe, expect, it } from 'vitest';
import { refusal } from '../../../../../support/refusal.js';
import { compareIds, desiredPools, nodesOf, planNodes, poolsOf, type KubeNode, type NodePool } from '../../../../../../src/providers/itcare/kinds/kubernetes-cluster/nodes.js';

const A = 'KubernetesCluster/web';
const n = (id: string, az: string, nodeSizing = '4cpu16gb', ingress = false): KubeNode => ({ id, name: `pweb${id}`, az, nodeSizing, ingress });
const pool = (az: string, count: number, nodeSizing = '4cpu16gb'): NodePool => ({ az, nodeSizing, count });

describe('nodesOf / poolsOf', () => {
  it('reduces /nodes items and groups them by zone and cpu+ram, sorted', () => {
    const nodes = nodesOf([
      { id: 30, name: 'c', cpu: 8, ram: 32, availabilityZone: { id: 'EB-B' } },
      { id: 4, name: 'a', cpu: 4, ram: 16, availabilityZone: { id: 'EB-A' }, isInternalIngressNode: true },
      { id: '12', cpu: 4, ram: 16, availabilityZone: { id: 'eb-a' } },
      { name: 'no id' },
      { id: 50, cpu: 4 },
    ]);
    expect(nodes).toEqual([
      { id: '4', name: 'a', az: 'EB-A', nodeSizing: '4cpu16gb', ingress: true },
      { id: '12', az: 'eb-a', nodeSizing: '4cpu16gb', ingress: false },
      { id: '30', name: 'c', az: 'EB-B', nodeSizing: '8cpu32gb', ingress: false },
      { id: '50', ingress: false },
    ]);
    // Zones compare without case; a node of unknown zone or sizing belongs to no pool.
    expect(poolsOf(nodes)).toEqual([pool('EB-A', 2), pool('EB-B', 1, '8cpu32gb')]);
  });

  it('orders int64 ids numerically, even beyond 2^53', () => {
    expect(['9007199254740993', '99', '100', '9007199254740992'].sort(compareIds)).toEqual(['99', '100', '9007199254740992', '9007199254740993']);
  });

  it('refuses the same zone and sizing twice in the spec', () => {
    const err = refusal(() => desiredPools([{ az: 'EB-A', nodeSizing: '4cpu16gb', count: 1 }, { az: 'eb-a', nodeSizing: '4CPU16GB', count: 2 }], A));
    expect(err.message).toBe('spec.nodePools lists 4cpu16gb in eb-a twice: merge the two pools into one');
    expect(err.address).toBe(A);
  });
});

describe('planNodes', () => {
  const live = [n('101', 'EB-A', '4cpu16gb', true), n('102', 'EB-A'), n('103', 'EB-A'), n('104', 'EB-A'), n('201', 'EB-B', '4cpu16gb', true)];

  const cases: Record<string, { reason: string; desired: NodePool[]; live?: KubeNode[]; add: NodePool[]; remove: string[] }> = {
    Converged: { reason: 'nothing to do', desired: [pool('EB-A', 4), pool('EB-B', 1)], add: [], remove: [] },
    Grow: {
      reason: 'each pool grows by its own difference, new pools included',
      desired: [pool('EB-A', 5), pool('EB-B', 3), pool('EB-C', 1, '8cpu32gb')],
      add: [pool('EB-A', 1), pool('EB-B', 2), pool('EB-C', 1, '8cpu32gb')], remove: [],
    },
    ShrinkHighestFirst: { reason: 'non-ingress nodes, highest id first', desired: [pool('EB-A', 2), pool('EB-B', 1)], add: [], remove: ['103', '104'] },
    ShrinkIntoIngress: {
      reason: 'ingress nodes go last, but may go while another ingress node stays',
      desired: [pool('EB-A', 1), pool('EB-B', 1)], live: [n('101', 'EB-A', '4cpu16gb', true), n('102', 'EB-A'), n('103', 'EB-A', '4cpu16gb', true), n('201', 'EB-B', '4cpu16gb', true)],
      add: [], remove: ['102', '103'],
    },
    DropPool: { reason: 'a live pool absent from the spec loses all its nodes', desired: [pool('EB-A', 4)], add: [], remove: ['201'] },
    Move: {
      reason: 'a sizing change is a new pool plus the removal of the old one',
      desired: [pool('EB-A', 1), pool('EB-A', 3, '8cpu32gb'), pool('EB-B', 1)],
      add: [pool('EB-A', 3, '8cpu32gb')], remove: ['102', '103', '104'],
    },
    CaseOfZone: { reason: 'zones compare without case', desired: [pool('eb-a', 4), pool('eb-b', 1)], add: [], remove: [] },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    const plan = planNodes(c.desired, c.live ?? live, A);
    expect(plan.add, c.reason).toEqual(c.add);
    expect(plan.remove.map((x) => x.id), c.reason).toEqual(c.remove);
  });

  it('refuses to delete every ingress node, naming them', () => {
    const zones = [n('101', 'EB-A', '4cpu16gb', true), n('102', 'EB-B'), n('201', 'EB-C', '4cpu16gb', true)];
    const err = refusal(() => planNodes([pool('EB-B', 2)], zones, A));
    expect(err.message).toBe('spec.nodePools would delete every ingress node (101 (pweb101), 201 (pweb201)); ITCare refuses to delete all ingress nodes');
  });

  it('refuses to delete every existing node, even when new ones are added first', () => {
    const err = refusal(() => planNodes([pool('EB-C', 3)], [n('1', 'EB-A'), n('2', 'EB-B')], A));
    expect(err.message).toContain('would delete every existing node (1 (pweb1), 2 (pweb2))');
  });

  it('refuses an empty node set', () => {
    expect(refusal(() => planNodes([], live, A)).message).toBe('spec.nodePools would remove every node of the cluster');
  });

  it('refuses to reconcile while a node has no known zone or sizing', () => {
    const err = refusal(() => planNodes([pool('EB-A', 1)], [n('1', 'EB-A'), { id: '2', ingress: false }], A));
    expect(err.message).toBe('cannot reconcile spec.nodePools: ITCare gives no zone or sizing for node 2');
  });
});
