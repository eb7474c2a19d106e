// The Matomo operation builders (pure): extend of the sizing (001:7478-7490), irreversible, to a larger
// size only and on a started instance (001:1615-1617); a delete only once stopped (001:1599).
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src/core/secret.js';
import type { DesiredResource } from '../../../../../../src/engine/provider.js';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { refusal } from '../../../../../support/refusal.js';
import { PASSWORD, SID, ctx, observed } from '../../fixtures.js';

const mt = createItcareProvider({ http: fakeHttp() }).handler('Matomo')!;
const ID = 500110001;
const PATH = `/itcare/analytics/matomo/${ID}`;
const desired = (spec: Record<string, unknown> = {}): DesiredResource => ({
  address: 'Matomo/orders-stats', kind: 'Matomo', name: 'orders-stats',
  spec: { serviceId: SID, region: 'EB', sizing: 'S', password: new Secret(PASSWORD), ...spec },
});
const d = (path: string, value?: unknown): FieldDiff => ({ op: 'replace', path, value });

describe('Matomo createOperations', () => {
  it('sends empty default-site fields when left out (a dummy site, 001:7161-7167), and the given ones as is', () => {
    expect(mt.createOperations(desired(), ctx())[0]!.body).toMatchObject({ sizing: 'S', defaultWebSiteName: '', defaultWebUri: '' });
    const given = mt.createOperations(desired({ defaultWebSiteName: 'Orders', defaultWebUri: 'https://orders.example' }), ctx())[0]!;
    expect(given).toMatchObject({ summary: 'create Matomo orders-stats (S)', body: { defaultWebSiteName: 'Orders', defaultWebUri: 'https://orders.example' } });
  });
});

describe('Matomo updateOperations', () => {
  it('extends a started instance to a larger sizing, irreversibly', () => {
    const ops = mt.updateOperations(desired({ sizing: 'L' }), observed(ID, { sizing: 'S', state: 'running' }), [d('/sizing', 'L')], ctx());
    expect(ops).toEqual([{ method: 'PATCH', path: PATH, body: { operation: 'extend', options: { sizing: 'L' } }, async: true, irreversible: true, summary: 'extend S -> L', role: 'update', serviceId: SID }]);
  });

  it('refuses to extend a stopped instance the spec does not start (001:1615)', () => {
    for (const state of [undefined, 'stopped']) {
      const err = refusal(() => mt.updateOperations(desired({ sizing: 'M', state }), observed(ID, { sizing: 'S', state: 'stopped' }), [d('/sizing', 'M')], ctx()));
      expect(err.message).toContain('sizing: extend needs a started Matomo');
      expect(err.message).toContain('set spec.state: running for this change');
    }
  });

  it('starts a stopped instance the spec wants running once, before the extend', () => {
    const ops = mt.updateOperations(desired({ sizing: 'M', state: 'running' }), observed(ID, { sizing: 'S', state: 'stopped' }), [d('/sizing', 'M'), d('/state', 'running')], ctx());
    expect(ops.map((o) => o.summary)).toEqual(['start', 'extend S -> M']);
  });

  it('extends, then stops, an instance the spec wants stopped', () => {
    const ops = mt.updateOperations(desired({ sizing: 'XL', state: 'stopped' }), observed(ID, { sizing: 'S', state: 'running' }), [d('/sizing', 'XL'), d('/state', 'stopped')], ctx());
    expect(ops.map((o) => o.summary)).toEqual(['extend S -> XL', 'stop']);
  });

  it('refuses a smaller sizing at plan time, naming both', () => {
    const err = refusal(() => mt.updateOperations(desired({ sizing: 'XS' }), observed(ID, { sizing: 'M', state: 'running' }), [d('/sizing', 'XS')], ctx()));
    expect(err.message).toContain('sizing: cannot reduce Matomo from M to XS');
  });
});

describe('Matomo deleteOperations', () => {
  it('stops a running instance first ("only an instance already stopped", 001:1599)', () => {
    const ops = mt.deleteOperations('Matomo/orders-stats', observed(ID, { state: 'running' }), ctx());
    expect(ops.map((o) => `${o.method} ${o.path} ${o.summary}`)).toEqual([
      `PATCH ${PATH} stop (a Matomo instance is deleted once stopped)`,
      `DELETE ${PATH} delete Matomo orders-stats`,
    ]);
    expect(ops[0]).toMatchObject({ body: { operation: 'stop' }, irreversible: true, async: true });
  });

  it('deletes a stopped instance at once', () => {
    expect(mt.deleteOperations('Matomo/orders-stats', observed(ID, { state: 'stopped' }), ctx()).map((o) => o.method)).toEqual(['DELETE']);
  });
});
