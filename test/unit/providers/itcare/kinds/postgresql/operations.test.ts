// The PostgreSQL operation builders (pure): create with extensions, upgrade, enable_ha, install_extension
// in phase order, their refusals, and delete.
import { describe, expect, it } from 'vitest';
import { refusal } from '../../../../../support/refusal.js';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { PG_ID, ctx, observed, pgDesired} from '../../fixtures.js';

const provider = createItcareProvider({ http: fakeHttp() });
const pg = provider.handler('PostgreSQL')!;
const PG_PATH = `/itcare/databases/postgresql/${PG_ID}`;

const d = (path: string, value?: unknown, op: FieldDiff['op'] = 'replace'): FieldDiff => ({ op, path, value });

describe('createOperations', () => {

  it('creates a PostgreSQL keeping tls, then installs extensions per database', () => {
    const desired = pgDesired({ postgreVersion: '15', extensions: { zdb: ['pg_trgm'], mydb: ['uuid-ossp', 'citext'], empty: [] } });
    const ops = pg.createOperations(desired, ctx());
    expect(ops[0]).toMatchObject({ method: 'POST', path: '/itcare/databases/postgresql', summary: 'create PostgreSQL orders-db (2cpu4gb, 40 GB, STANDALONE, v15)' });
    expect(ops[0]!.body).toMatchObject({ name: 'orders-db', tls: true, topology: 'STANDALONE', postgreVersion: '15' });
    expect(ops[0]!.body).not.toHaveProperty('extensions');
    expect(ops.slice(2).map((o) => o.body)).toEqual([
      { operation: 'install_extension', options: { dbname: 'mydb', extensions_list: [{ name: 'citext' }, { name: 'uuid-ossp' }] } },
      { operation: 'install_extension', options: { dbname: 'zdb', extensions_list: [{ name: 'pg_trgm' }] } },
    ]);
    expect(ops[2]!.summary).toBe('install extensions on mydb: citext, uuid-ossp');
  });
});

describe('PostgreSQL updateOperations', () => {
  const live = observed(PG_ID, { postgreVersion: '13', topology: 'STANDALONE', allowedReplicationLag: 10, extensions: { mydb: ['citext'] } });

  it('upgrades to a higher version, jumping majors, with the change reference', () => {
    const ops = pg.updateOperations(pgDesired({ postgreVersion: 15 }), live, [d('/postgreVersion', 15)], ctx({ changeReference: 'RFC1234' }));
    expect(ops).toEqual([{
      method: 'PATCH', path: PG_PATH, body: { operation: 'upgrade', options: { targetVersion: '15', changeReference: 'RFC1234' } },
      async: true, irreversible: true, role: 'update', serviceId: 46922, summary: 'upgrade PostgreSQL 13 -> 15',
    }]);
  });

  it('refuses a downgrade, naming both versions', () => {
    const err = refusal(() => pg.updateOperations(pgDesired({ postgreVersion: '12' }), live, [d('/postgreVersion', '12')], ctx()));
    expect(err.message).toContain('13');
    expect(err.message).toContain('12');
  });

  it('converts STANDALONE to HA with the desired replication lag', () => {
    const ops = pg.updateOperations(pgDesired({ topology: 'HA', allowedReplicationLag: 50 }), live, [d('/topology', 'HA'), d('/allowedReplicationLag', 50)], ctx());
    expect(ops.map((o) => [o.body, o.irreversible, o.summary])).toEqual([
      [{ operation: 'enable_ha', options: { replicationLag: 50 } }, true, 'enable HA (replication lag 50)'],
    ]);
  });

  const refusals: Record<string, { reason: string; spec: Record<string, unknown>; live?: Record<string, unknown>; diff: FieldDiff[]; mentions: string }> = {
    haToStandalone: { reason: 'no operation goes back from HA', spec: { topology: 'STANDALONE' }, live: { topology: 'HA' }, diff: [d('/topology')], mentions: 'STANDALONE' },
    lagTooBig: { reason: 'enable_ha accepts 1..500 only (001:15810)', spec: { topology: 'HA', allowedReplicationLag: 1024 }, diff: [d('/topology')], mentions: '1..500' },
    tooOldForHa: { reason: 'enable_ha needs version 12 or later', spec: { topology: 'HA', postgreVersion: '11' }, live: { postgreVersion: '11' }, diff: [d('/topology')], mentions: '12' },
    uninstall: { reason: 'no operation uninstalls an extension', spec: { extensions: { mydb: ['pg_trgm'] } }, diff: [d('/extensions/mydb')], mentions: 'citext' },
  };
  it.each(Object.entries(refusals))('refuses %s', (_name, c) => {
    const obs = observed(PG_ID, { ...live.spec, ...c.live });
    const err = refusal(() => pg.updateOperations(pgDesired(c.spec), obs, c.diff, ctx()));
    expect(err.message, c.reason).toContain(c.mentions);
  });

  it('installs only the missing extensions, one call per database', () => {
    // Self-service from PostgreSQL 15 (001:24425).
    const desired = pgDesired({ postgreVersion: '15', extensions: { mydb: ['pg_trgm', 'citext'], other: ['hstore'] } });
    const live15 = { ...live, spec: { ...live.spec, postgreVersion: '15' } };
    const ops = pg.updateOperations(desired, live15, [d('/extensions/mydb/1', 'pg_trgm', 'add'), d('/extensions/other', ['hstore'], 'add')], ctx());
    expect(ops.map((o) => o.body)).toEqual([
      { operation: 'install_extension', options: { dbname: 'mydb', extensions_list: [{ name: 'pg_trgm' }] } },
      { operation: 'install_extension', options: { dbname: 'other', extensions_list: [{ name: 'hstore' }] } },
    ]);
    expect(ops.every((o) => o.async && !o.irreversible)).toBe(true);
  });

  it('orders upgrade, enable_ha, install_extension, then monitoring', () => {
    const desired = pgDesired({ postgreVersion: '15', topology: 'HA', allowedReplicationLag: 10, extensions: { mydb: ['citext', 'vector'] }, monitoringEnabled: false });
    const diff = [d('/extensions/mydb/1', 'vector', 'add'), d('/monitoringEnabled', false), d('/postgreVersion', '15'), d('/topology', 'HA')];
    const ops = pg.updateOperations(desired, live, diff, ctx());
    expect(ops.map((o) => (o.body as { operation: string }).operation)).toEqual(['upgrade', 'enable_ha', 'install_extension', 'update_monitoring']);
  });

  it('plans nothing for an equal version spelled differently', () => {
    expect(pg.updateOperations(pgDesired({ postgreVersion: 13 }), live, [d('/postgreVersion', 13)], ctx())).toEqual([]);
  });
});

describe('deleteOperations', () => {

  it('sends no body without a change reference', () => {
    const ops = pg.deleteOperations('PostgreSQL/orders-db', observed(PG_ID, {}), ctx());
    expect(ops).toHaveLength(1);
    expect(ops[0]).not.toHaveProperty('body');
    expect(ops[0]).toMatchObject({ path: `/itcare/databases/postgresql/${PG_ID}`, summary: 'delete PostgreSQL orders-db' });
  });
});
