import { describe, expect, it } from 'vitest';
import { Graph } from '../../../src/engine/graph.js';

describe('Graph', () => {
  it('orders dependencies first, deterministically', () => {
    const g = new Graph();
    g.addEdge('LoadBalancer/web', 'KubernetesCluster/k');
    g.addVertex('Redis/a');
    g.addEdge('Tags/t', 'Redis/a');
    expect(g.topologicalOrder()).toEqual(['KubernetesCluster/k', 'LoadBalancer/web', 'Redis/a', 'Tags/t']);
  });
  it('reports a cycle as its edges', () => {
    const g = new Graph();
    g.addEdge('a', 'b');
    g.addEdge('b', 'c');
    g.addEdge('c', 'a');
    expect(g.findCycle()).toEqual(['a -> b', 'b -> c', 'c -> a']);
  });
  it('lists transitive dependents', () => {
    const g = new Graph();
    g.addEdge('b', 'a');
    g.addEdge('c', 'b');
    expect(g.dependents('a')).toEqual(['b', 'c']);
  });
});
