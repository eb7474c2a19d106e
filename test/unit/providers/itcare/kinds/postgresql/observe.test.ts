// PostgreSQL observe with a fake ITCare: the live -> spec table and the extensions read only when managed.
import { describe, expect, it } from 'vitest';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { PG_ID, SID, pgDesired, pgDetail, pgWorld } from '../../fixtures.js';

const pg = (http: ReturnType<typeof pgWorld>) => createItcareProvider({ http }).handler('PostgreSQL')!;

describe('PostgreSQL observe', () => {
  it('normalises the live resource, reading extensions only for the databases the spec names', async () => {
    const http = pgWorld();
    const obs = await pg(http).observe(pgDesired({ region: 'EB', az: 'EB-QA-B', extensions: { mydb: ['citext', 'uuid-ossp'] } }));
    expect(obs.spec).toEqual({
      serviceId: SID, nodeSizing: '2cpu4gb', diskSize: 40, postgreVersion: '13', topology: 'STANDALONE', trigram: 'tri',
      // region, area and az are write-only (the GET does not return them): not read, no /nodes request.
      allowedReplicationLag: 10, networkId: 132, area: 'EB-QA', tls: true,
      extensions: { mydb: ['citext', 'uuid-ossp'] },
      monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: true, state: 'running',
      patchParty: { excluded: true, exclusionReason: 'DBA team' }, tags: {},
    });
    expect(obs.owner).toBe('orders-qa');
  });

  it('reads no sub-resource when the spec has no extensions, even with region and az (4 requests)', async () => {
    const http = pgWorld();
    await pg(http).observe(pgDesired({ region: 'EB', az: 'EB-QA-B' }));
    expect(http.requestCount).toBe(4);
  });

  const cases: Record<string, { reason: string; detail: Record<string, unknown>; spec?: Record<string, unknown>; want: Record<string, unknown> }> = {
    minorVersion: { reason: 'a live minor version reads as the major the spec writes', detail: { version: '15.4' }, spec: { postgreVersion: 15 }, want: { postgreVersion: '15' } },
    olderVersion: { reason: 'an older live major stays as returned (it plans an upgrade)', detail: { version: 13 }, spec: { postgreVersion: '15' }, want: { postgreVersion: '13' } },
    topologyCase: { reason: 'topology is upper-cased', detail: { topology: 'ha' }, want: { topology: 'HA' } },
    trigramCase: { reason: 'trigram equal without case reads as the spec', detail: { trigram: 'TRI' }, want: { trigram: 'tri' } },
    storageString: { reason: 'storage becomes diskSize as a number', detail: { storage: '80' }, want: { diskSize: 80 } },
    sizingFallback: { reason: "no nodeSizing: the list item's sizing", detail: { nodeSizing: undefined, cpu: 8, ram: 16 }, want: { nodeSizing: '2cpu4gb' } },
  };
  it.each(Object.entries(cases))('%s', async (_name, c) => {
    const http = pgWorld({ [`GET /itcare/databases/postgresql/${PG_ID}`]: { body: pgDetail(c.detail) } });
    const obs = await pg(http).observe(pgDesired(c.spec));
    for (const [k, v] of Object.entries(c.want)) expect(obs.spec[k], c.reason).toEqual(v);
  });
});
