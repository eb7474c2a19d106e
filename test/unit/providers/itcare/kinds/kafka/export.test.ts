// The Kafka export against the simulator, after applying examples/estate's Kafka: its parameters from
// the GET (as text), region and area from the nodes, and nodePrefix guessed from the node names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefixOfNodes } from '../../../../../../src/providers/itcare/kinds/kafka/export.js';
import { simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { ESTATE_ENV, estateFiles, exportOf, writeOnly } from '../../export-support.js';

describe('Kafka export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary({ env: ESTATE_ENV });
    await (await lib.planFiles(estateFiles('kafka'))).run();
  });
  afterAll(async () => lib?.close());

  it('reads the platform in spec shape, its parameters included', async () => {
    const { rules, resources } = await exportOf(lib, 'Kafka');
    expect(rules).toEqual({ fileStem: 'kafka' });
    const [r] = resources;
    expect(resources).toHaveLength(1);
    expect(r).toMatchObject({
      kind: 'Kafka', name: 'estate_events', owner: 'estate-qa',
      spec: {
        region: 'EB', area: 'EB-QA', networkId: 1234511, nodeSizing: '2cpu4gb', brokerCount: 3, diskSize: 40, kafkaVersion: '3.6.0',
        nodePrefix: 'ESTKF', overloadedParams: { 'auto.create.topics.enable': 'false', 'log.retention.hours': '168' }, tags: { app: 'estate' },
      },
    });
    expect(r!.spec).not.toHaveProperty('az');
    expect(r!.notes!['spec.nodePrefix']).toMatch(/^write-only: not compared after create; NOT READABLE from the API: guessed from the node names \(ESTKF01, /);
    expect(r!.notes!['spec.region']).toBe(writeOnly("read from the nodes' region"));
  });
});

describe('prefixOfNodes', () => {
  const cases: Record<string, { reason: string; names: string[]; want: string | undefined }> = {
    indexed: { reason: 'the part before a shared two-digit index', names: ['DM12301', 'DM12302', 'DM12303'], want: 'DM123' },
    common: { reason: 'otherwise the longest common prefix', names: ['ORDKFA', 'ORDKFB'], want: 'ORDKF' },
    dash: { reason: 'a prefix with a character the schema refuses is no guess', names: ['estkf-a', 'estkf-b'], want: undefined },
    lower: { reason: 'lower-case names give an upper-case prefix', names: ['ordkf01', 'ordkf02'], want: 'ORDKF' },
    short: { reason: 'a prefix the schema would refuse (under 5) is no guess', names: ['AB01', 'AB02'], want: undefined },
    none: { reason: 'no node, no guess', names: [], want: undefined },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    expect(prefixOfNodes(c.names), c.reason).toBe(c.want);
  });
});
