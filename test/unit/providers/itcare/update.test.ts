import { describe, expect, it } from 'vitest';
import { refusal } from '../../../support/refusal.js';
import type { FieldDiff } from '../../../../src/engine/plan.js';
import { createItcareProvider } from '../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../support/fake-http.js';
import { PG_ID, REDIS_ID, ctx, observed, pgDesired, redisDesired } from './fixtures.js';

const provider = createItcareProvider({ http: fakeHttp() });
const redis = provider.handler('Redis')!;
const pg = provider.handler('PostgreSQL')!;
const REDIS_PATH = `/itcare/databases/redis/${REDIS_ID}`;
const PG_PATH = `/itcare/databases/postgresql/${PG_ID}`;

const d = (path: string, value?: unknown, op: FieldDiff['op'] = 'replace'): FieldDiff => ({ op, path, value });

describe('Redis updateOperations', () => {
  const live = observed(REDIS_ID, {
    nodeSizing: '2cpu4gb', monitoringEnabled: true, onCallSupervision: false, state: 'running',
    patchParty: { excluded: true, exclusionReason: 'DBA' },
  });

  const cases: Record<string, { reason: string; spec: Record<string, unknown>; diff: FieldDiff[]; want: { body: unknown; summary: string; irreversible: boolean }[] }> = {
    resize: {
      reason: 'nodeSizing changes with PATCH resize {sizing}, which cannot be undone',
      spec: { nodeSizing: '4cpu8gb' }, diff: [d('/nodeSizing', '4cpu8gb')],
      want: [{ body: { operation: 'resize', options: { sizing: '4cpu8gb' } }, summary: 'resize 2cpu4gb -> 4cpu8gb', irreversible: true }],
    },
    monitoringOnly: {
      reason: 'on-call not in the spec: its live value is sent unchanged',
      spec: { monitoringEnabled: false }, diff: [d('/monitoringEnabled', false)],
      want: [{ body: { operation: 'update_monitoring', options: { state: false, on_call: false } }, summary: 'update monitoring: disabled, on-call off', irreversible: false }],
    },
    monitoringBoth: {
      reason: 'both monitoring fields changing make ONE update_monitoring',
      spec: { monitoringEnabled: true, onCallSupervision: true }, diff: [d('/monitoringEnabled', true), d('/onCallSupervision', true)],
      want: [{ body: { operation: 'update_monitoring', options: { state: true, on_call: true } }, summary: 'update monitoring: enabled, on-call on', irreversible: false }],
    },
    include: {
      reason: 'including sends excluded:false with the group',
      spec: { patchParty: { excluded: false, patchGroup: '2' } }, diff: [d('/patchParty/excluded', false), d('/patchParty/patchGroup', '2', 'add')],
      want: [{ body: { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '2' } } }, summary: 'patch party: include, group 2', irreversible: false }],
    },
    exclude: {
      reason: 'excluding sends the reason, never a group',
      spec: { patchParty: { excluded: true, exclusionReason: 'handled by DBAs' } }, diff: [d('/patchParty/exclusionReason', 'handled by DBAs')],
      want: [{ body: { operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'handled by DBAs' } } }, summary: 'patch party: exclude', irreversible: false }],
    },
    stop: {
      reason: 'stop is flagged irreversible as the docs say (although start exists)',
      spec: { state: 'stopped' }, diff: [d('/state', 'stopped')],
      want: [{ body: { operation: 'stop' }, summary: 'stop', irreversible: true }],
    },
    start: {
      reason: 'start is reversible',
      spec: { state: 'running' }, diff: [d('/state', 'running')],
      want: [{ body: { operation: 'start' }, summary: 'start', irreversible: false }],
    },
  };
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const ops = redis.updateOperations(redisDesired(c.spec), live, c.diff, ctx());
    expect(ops.map((o) => ({ body: o.body, summary: o.summary, irreversible: o.irreversible })), c.reason).toEqual(c.want);
    for (const o of ops) expect(o).toMatchObject({ method: 'PATCH', path: REDIS_PATH, async: true, role: 'update' });
  });

  it('orders one change: start, resize, monitoring, patch party, tags', () => {
    const stopped = observed(REDIS_ID, { ...live.spec, state: 'stopped' });
    const desired = redisDesired({ state: 'running', nodeSizing: '4cpu8gb', monitoringEnabled: false, patchParty: { excluded: false }, tags: { team: 'a' } });
    const diff = [d('/monitoringEnabled', false), d('/nodeSizing'), d('/patchParty/excluded', false), d('/state', 'running'), d('/tags/team', 'a', 'add')];
    const ops = redis.updateOperations(desired, stopped, diff, ctx());
    expect(ops.map((o) => o.summary)).toEqual(['start', 'resize 2cpu4gb -> 4cpu8gb', 'update monitoring: disabled, on-call off', 'patch party: include', 'tag team=a']);
  });

  it('puts stop after everything else', () => {
    const ops = redis.updateOperations(redisDesired({ state: 'stopped', nodeSizing: '4cpu8gb' }), live, [d('/state'), d('/nodeSizing')], ctx());
    expect(ops.map((o) => o.summary)).toEqual(['resize 2cpu4gb -> 4cpu8gb', 'stop']);
  });

  it('ignores differences that force a replacement (the engine replaces instead)', () => {
    expect(redis.updateOperations(redisDesired(), live, [{ op: 'replace', path: '/diskSize', value: 80, forcesReplace: true }], ctx())).toEqual([]);
  });

  it('refuses a difference no operation can make', () => {
    const err = refusal(() => redis.updateOperations(redisDesired({ monitoringAlerting: true }), live, [d('/monitoringAlerting', true)], ctx()));
    expect(err.message).toContain('spec.monitoringAlerting');
    expect(err.address).toBe('Redis/orders-cache');
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
