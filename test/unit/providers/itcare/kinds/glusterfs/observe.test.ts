// GlusterFS observe with a fake ITCare: its own list by name (never the GET: the list has every field),
// nodes for placement only (their disk is not a volume), volumes split into the create's own
// (spec.user_name: spec.diskSize) and the others (spec.volumes).
import { describe, expect, it } from 'vitest';
import { createReadScope } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { volumeOf } from '../../../../../../src/providers/itcare/kinds/glusterfs/volumes.js';
import { page } from '../../../../../support/fake-http.js';
import { SID, tagList } from '../../fixtures.js';
import { GL_ID, GL_PATH, glDesired, glItem, glWorld, volume } from './fixtures.js';

const handler = (http: ReturnType<typeof glWorld>) => createItcareProvider({ http }).handler('GlusterFS')!;

describe('GlusterFS observe', () => {
  it('finds the cluster in its own list and reads the volumes and nodes', async () => {
    const http = glWorld();
    const obs = await handler(http).observe(glDesired({ volumes: [] }));
    expect(obs).toMatchObject({ exists: true, id: GL_ID, owner: 'orders-qa' });
    expect(obs.spec).toEqual({
      serviceId: SID, nodeSizing: '2cpu4gb', region: 'EB', area: 'EB-QA', networkId: 1234511,
      diskSize: 20, volumes: [{ name: 'reports', diskSize: 10 }],
      monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: false, state: 'running', patchParty: { excluded: false }, tags: {},
    });
    expect(http.calls[0]).toMatchObject({ path: '/itcare/storage/glusterfs', query: { services: SID, names: 'orders-files' } });
  });

  it('reads the create volume by the prose spelling userName too', async () => {
    const { user_name: _u, ...spec } = glDesired().spec;
    const obs = await handler(glWorld()).observe({ ...glDesired(), spec: { ...spec, userName: 'reports' } });
    expect(obs.spec).toMatchObject({ diskSize: 10, volumes: [{ name: 'orders', diskSize: 20 }] });
  });

  it('leaves diskSize absent when no live volume has the user name', async () => {
    const obs = await handler(glWorld()).observe(glDesired({ user_name: 'nobody' }));
    expect(obs.spec).not.toHaveProperty('diskSize');
    expect(obs.spec.volumes).toHaveLength(2);
  });

  it('observeAll reads the list, the generic list and the actions once, then nodes and volumes per cluster, never the GET (the list has every field)', async () => {
    const other = 500090002;
    const http = glWorld({
      'GET /itcare/storage/glusterfs': page([glItem(), glItem({ id: other, name: 'audit-files' })]),
      'GET /itcare/compute/resources': page([{ id: GL_ID, tags: tagList({ 'caretaker-stack': 'orders-qa' }) }, { id: other, tags: [] }]),
      [`GET /itcare/storage/glusterfs/${other}/nodes`]: { body: [] },
      [`GET /itcare/storage/glusterfs/${other}/volumes`]: { body: [volume('audit', 30)] },
    });
    const out = await handler(http).observeAll!([glDesired(), glDesired({ user_name: 'audit' }, 'audit-files')], createReadScope());
    expect(out.get('GlusterFS/audit-files')!.spec).toMatchObject({ diskSize: 30, volumes: [] });
    expect(http.callKeys().sort()).toEqual([
      'GET /itcare/actions', 'GET /itcare/compute/resources', 'GET /itcare/storage/glusterfs',
      `GET ${GL_PATH}/nodes`, `GET ${GL_PATH}/volumes`,
      `GET /itcare/storage/glusterfs/${other}/nodes`, `GET /itcare/storage/glusterfs/${other}/volumes`,
    ].sort());
  });
});

describe('volumeOf (the sample has no name: {free, mountingPoint, sizeOf, type}, 001:24066-24077)', () => {
  const cases: Record<string, { reason: string; item: Record<string, unknown>; want: unknown }> = {
    mount: { reason: "the name is the mounting point's last segment", item: { mountingPoint: '/glusterfs/dda/', sizeOf: '42' }, want: { name: 'dda', diskSize: 42 } },
    bare: { reason: 'a mounting point without a slash is the name', item: { mountingPoint: 'dda', sizeOf: 42 }, want: { name: 'dda', diskSize: 42 } },
    named: { reason: 'a name field wins', item: { name: 'x', mountingPoint: '/y', diskSize: 5 }, want: { name: 'x', diskSize: 5 } },
    unnamed: { reason: 'no name and no mounting point: not a volume caretaker can key', item: { sizeOf: 1 }, want: undefined },
    sizeless: { reason: 'a size that is not a number stays absent', item: { mountingPoint: '/a', sizeOf: 'big' }, want: { name: 'a' } },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    expect(volumeOf(c.item), c.reason).toEqual(c.want);
  });
});
