// The GlusterFS operation builders (pure): the create body in the schema's spelling, volumes by name
// (add_volume, resize_volume growing only, delete_volume; each irreversible, 001:23543-23595), the
// create's own volume grown through diskSize, and the refusals at plan time.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src/core/secret.js';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { refusal } from '../../../../../support/refusal.js';
import { PASSWORD, SID, ctx, observed } from '../../fixtures.js';
import { GL_ID, GL_PATH, VOLUME_PASSWORD, glDesired } from './fixtures.js';

const gl = createItcareProvider({ http: fakeHttp() }).handler('GlusterFS')!;
const d = (path: string, value?: unknown, op: FieldDiff['op'] = 'replace'): FieldDiff => ({ op, path, value });
const pass = () => new Secret(VOLUME_PASSWORD);
const live = observed(GL_ID, { diskSize: 20, volumes: [{ name: 'reports', diskSize: 10 }, { name: 'old', diskSize: 5 }], state: 'running' });

describe('GlusterFS createOperations', () => {
  it('sends user_name (given as userName) and diskSize as an integer (given as "15"), then adds the other volumes', () => {
    const { user_name: _u, ...spec } = glDesired().spec;
    const desired = { ...glDesired(), spec: { ...spec, userName: 'orders', diskSize: '15', volumes: [{ name: 'reports', diskSize: 10, userPass: pass() }] } };
    const ops = gl.createOperations(desired, ctx());
    expect(ops[0]).toMatchObject({ method: 'POST', path: '/itcare/storage/glusterfs', summary: 'create GlusterFS orders-files (volume orders of 15 GB, 1 more volume)' });
    expect(ops[0]!.body).toMatchObject({ name: 'orders-files', user_name: 'orders', diskSize: 15 });
    for (const k of ['userName', 'volumes']) expect(ops[0]!.body).not.toHaveProperty(k);
    const add = ops[2]!;
    expect(add).toMatchObject({ method: 'PATCH', path: '/itcare/storage/glusterfs/${ref:self}', irreversible: true, summary: 'add volume reports (10 GB)' });
    const options = (add.body as { options: Record<string, unknown> }).options;
    expect(options).toMatchObject({ diskSize: '10', userName: 'reports' });
    expect((options.userPass as Secret).reveal()).toBe(VOLUME_PASSWORD);
    const json = JSON.stringify(ops);
    for (const s of [VOLUME_PASSWORD, PASSWORD]) expect(json).not.toContain(s);
  });

  it("refuses a listed volume named like the create's own (it is spec.diskSize)", () => {
    expect(refusal(() => gl.createOperations(glDesired({ volumes: [{ name: 'orders', diskSize: 10, userPass: pass() }] }), ctx())).message).toContain('volumes.orders: the volume named after spec.user_name');
  });

  it('refuses a volume to add without its userPass', () => {
    expect(refusal(() => gl.createOperations(glDesired({ volumes: [{ name: 'reports', diskSize: 10 }] }), ctx())).message).toContain('volumes.reports.userPass: add_volume needs');
  });

  it('refuses a patch group: a GlusterFS cluster has 2 instances (001:28409-28411)', () => {
    expect(refusal(() => gl.createOperations(glDesired({ patchParty: { excluded: false, patchGroup: '3' } }), ctx())).message).toContain('this farm has 2 members');
  });
});

describe('GlusterFS updateOperations', () => {
  it('grows, adds and deletes volumes by name, in that order, each irreversible', () => {
    const desired = glDesired({ volumes: [{ name: 'new', diskSize: '30', userPass: pass() }, { name: 'reports', diskSize: 50 }] });
    const diff = [d('/volumes/new', {}, 'add'), d('/volumes/old', undefined, 'remove'), d('/volumes/reports/diskSize', 50)];
    const ops = gl.updateOperations(desired, live, diff, ctx());
    expect(ops.map((o) => [o.summary, o.body, o.irreversible])).toEqual([
      ['resize volume reports 10 -> 50 GB', { operation: 'resize_volume', options: { name: 'reports', diskSize: '50', userName: 'reports' } }, true],
      ['add volume new (30 GB)', { operation: 'add_volume', options: { diskSize: '30', userName: 'new', userPass: expect.any(Secret) } }, true],
      ['delete volume old', { operation: 'delete_volume', options: { name: 'old' } }, true],
    ]);
    for (const o of ops) expect(o).toMatchObject({ method: 'PATCH', path: GL_PATH, serviceId: SID });
  });

  it('grows the create volume through diskSize (resize_volume by its user name)', () => {
    const ops = gl.updateOperations(glDesired({ diskSize: 40 }), live, [d('/diskSize', 40)], ctx());
    expect(ops.map((o) => o.body)).toEqual([{ operation: 'resize_volume', options: { name: 'orders', diskSize: '40', userName: 'orders' } }]);
  });

  const refusals: Record<string, { reason: string; spec: Record<string, unknown>; diff: FieldDiff[]; live?: typeof live; want: string }> = {
    shrinkVolume: { reason: 'a volume shrink is refused at plan time, naming it', spec: { volumes: [{ name: 'reports', diskSize: 5 }, { name: 'old', diskSize: 5 }] }, diff: [d('/volumes/reports/diskSize', 5)], want: 'volumes.reports.diskSize: cannot shrink volume reports from 10 GB to 5 GB' },
    shrinkOwn: { reason: "the create's volume never shrinks either", spec: { diskSize: 10 }, diff: [d('/diskSize', 10)], want: 'diskSize: cannot shrink volume orders from 20 GB to 10 GB' },
    noOwnVolume: { reason: 'no live volume has the user name: nothing to resize', spec: { user_name: 'nobody', diskSize: 30 }, diff: [d('/diskSize', 30, 'add')], live: observed(GL_ID, { volumes: [{ name: 'orders', diskSize: 20 }] }), want: 'diskSize: no live volume is named nobody (spec.user_name names the volume the create made); live volumes: orders' },
    addWithoutPassword: { reason: 'a volume to add needs its user password', spec: { volumes: [{ name: 'reports', diskSize: 10 }, { name: 'old', diskSize: 5 }, { name: 'more', diskSize: 10 }] }, diff: [d('/volumes/more', {}, 'add')], want: 'volumes.more.userPass' },
  };
  it.each(Object.entries(refusals))('refuses: %s', (_n, c) => {
    expect(refusal(() => gl.updateOperations(glDesired(c.spec), c.live ?? live, c.diff, ctx())).message, c.reason).toContain(c.want);
  });

  it('leaves the volumes alone when the spec does not list them', () => {
    expect(gl.updateOperations(glDesired({ nodeSizing: '4cpu8gb' }), live, [d('/nodeSizing', '4cpu8gb')], ctx()).map((o) => o.summary)).toEqual(['resize ? -> 4cpu8gb']);
  });
});
