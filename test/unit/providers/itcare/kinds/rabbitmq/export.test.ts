// The RabbitMQ export against the simulator, after applying examples/estate's RabbitMQ: every field
// observe reads with the probe (tlsEnabled from the GET, disk and network from the nodes), region and
// area from the nodes with a note, no az, and the password left to the engine's placeholder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { ESTATE_ENV, estateFiles, exportOf, writeOnly } from '../../export-support.js';

describe('RabbitMQ export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary({ env: ESTATE_ENV });
    await (await lib.planFiles(estateFiles('rabbitmq'))).run();
  });
  afterAll(async () => lib?.close());

  it('reads the broker in spec shape', async () => {
    const { rules, resources } = await exportOf(lib, 'RabbitMQ');
    expect(rules).toEqual({ fileStem: 'rabbitmq' });
    expect(resources.map((r) => r.name)).toEqual(['estatemq']);
    const [r] = resources;
    expect(r).toMatchObject({
      kind: 'RabbitMQ', owner: 'estate-qa',
      spec: {
        region: 'EB', area: 'EB-QA', networkId: 1234511, nodeSizing: '2cpu4gb', brokerCount: 3, diskSize: 40, rabbitMqVersion: '3.13',
        tlsEnabled: true, monitoringEnabled: true, onCallSupervision: false, state: 'running', patchParty: { excluded: false }, tags: { app: 'estate' },
      },
    });
    for (const k of ['az', 'admPassword', 'vmPrefix']) expect(r!.spec).not.toHaveProperty(k);
    expect(r!.notes).toEqual({ 'spec.region': writeOnly("read from the nodes' region"), 'spec.area': writeOnly("read from the nodes' area") });
  });

  it('reads nothing of another service', async () => {
    expect((await exportOf(lib, 'RabbitMQ', 46923)).resources).toEqual([]);
  });
});
