// Issue 13 items 9-11 at the HTTP level (undici MockAgent): the exact calls of `plan --validate`'s dry
// runs (`001:2463-2469`), of the operation pre-checks (`001:6352-6396`, `001:9263-9297`) and of the live
// catalogues, and how each answer is read.
import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../src/core/errors.js';
import { createHttpClient } from '../../../../../src/http/client.js';
import type { HttpClient } from '../../../../../src/http/types.js';
import type { Operation } from '../../../../../src/engine/plan.js';
import type { Observation } from '../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../src/providers/itcare/index.js';
import { honouredMatcher } from '../../../../../src/providers/itcare/common/dry-run.js';
import { readAvailableActions } from '../../../../../src/providers/itcare/common/availability.js';
import { kindDirectory } from '../../../../../src/providers/itcare/common/kind.js';
import { kubernetesCluster } from '../../../../../src/providers/itcare/kinds/kubernetes-cluster/index.js';
import { loadBalancer } from '../../../../../src/providers/itcare/kinds/load-balancer/index.js';
import { postgresql } from '../../../../../src/providers/itcare/kinds/postgresql/index.js';
import { FAST_RETRY, ORIGIN, VND_JSON, mockAgent } from '../../../http/mock.js';
import { PG_ID, ctx, observed, pgDesired } from '../fixtures.js';

let agent: MockAgent;
let http: HttpClient;
beforeEach(() => {
  agent = mockAgent();
  http = createHttpClient({ baseUrl: ORIGIN, dispatcher: agent, retry: FAST_RETRY });
});
afterEach(async () => {
  await http.close();
  await agent.close();
});

const pool = () => agent.get(ORIGIN);
const resize: Operation = {
  method: 'PATCH', path: '/itcare/databases/redis/500059535', body: { operation: 'resize', options: { sizing: '4cpu8gb' } },
  async: true, irreversible: true, role: 'update', summary: 'resize 2cpu4gb -> 4cpu8gb',
};

describe('item 9: dry runs with ITCare-DryRun: true (001:2463-2469)', () => {
  it('sends the call with the header and reads an echoed 202 as accepted', async () => {
    let seen: Record<string, unknown> = {};
    let body = '';
    pool().intercept({ method: 'PATCH', path: '/itcare/databases/redis/500059535' }).reply((opts) => {
      seen = opts.headers as Record<string, unknown>;
      body = String(opts.body);
      return { statusCode: 202, data: { id: 1, status: 'IN_PROGRESS' }, responseOptions: { headers: { ...VND_JSON, 'ITCare-DryRun': 'true' } } };
    });
    const p = createItcareProvider({ http, dryRunHonoured: ['PATCH /itcare/databases/*/*'] });
    expect(await p.dryRun!(resize)).toEqual({ outcome: 'accepted' });
    expect(seen['ITCare-DryRun'] ?? seen['itcare-dryrun']).toBe('true');
    expect(seen['content-type']).toBe('application/json');
    expect(JSON.parse(body)).toEqual(resize.body);
  });

  it('reports a 400 with its ITCare message as rejected', async () => {
    pool().intercept({ method: 'PATCH', path: '/itcare/databases/redis/500059535' }).reply(400,
      { errorCode: 'BAD_REQUEST', errorMessage: "Error on field 'options.sizing': unknown sizing 4cpu8gb" },
      { headers: { ...VND_JSON, 'itcare-dryrun': 'true' } });
    const p = createItcareProvider({ http, dryRunHonoured: ['all'] });
    expect(await p.dryRun!(resize)).toEqual({ outcome: 'rejected', message: "400 Error on field 'options.sizing': unknown sizing 4cpu8gb" });
  });

  it('an answer without the echoed header is "header ignored": the call may have run', async () => {
    pool().intercept({ method: 'PATCH', path: '/itcare/databases/redis/500059535' }).reply(202, { id: 1, status: 'IN_PROGRESS' }, { headers: VND_JSON });
    const p = createItcareProvider({ http, dryRunHonoured: ['all'] });
    const r = await p.dryRun!(resize);
    expect(r.outcome).toBe('header-ignored');
    expect(r.message).toContain('may have executed');
  });

  it('sends nothing for a call not declared honoured (the docs name no method): "not checked"', async () => {
    const p = createItcareProvider({ http });
    const r = await p.dryRun!(resize);
    expect(r.outcome).toBe('not-checked');
    expect(r.message).toContain('certaines méthodes');
    expect(http.requestCount).toBe(0);
  });

  it('matches declared calls by method and path segments', () => {
    const m = honouredMatcher(['PATCH /itcare/databases/*/*', 'POST /itcare/compute/**']);
    expect(m(resize)).toBe(true);
    expect(m({ method: 'DELETE', path: resize.path })).toBe(false);
    expect(m({ method: 'PATCH', path: '/itcare/databases/redis' })).toBe(false);
    expect(m({ method: 'POST', path: '/itcare/compute/containers/kubernetes' })).toBe(true);
    expect(() => honouredMatcher(['resize'])).toThrow(/METHOD \/path/);
  });
});

describe('item 10: list-available-actions pre-checks (001:6352-6396, 001:9263-9297)', () => {
  it('asks once per resource and reports an unavailable operation with its cause', async () => {
    let query: unknown;
    pool().intercept({ method: 'GET', path: (p) => p.startsWith('/itcare/compute/resources/operations') }).reply((opts) => {
      query = new URL(String(opts.path), ORIGIN).searchParams.toString();
      return { statusCode: 200, data: [{ operation: 'resize', available: false, cause: 'a backup is running' }, { operation: 'stop', available: true }], responseOptions: { headers: VND_JSON } };
    });
    const p = createItcareProvider({ http });
    expect(await p.availability!('Redis', 500059535, resize)).toEqual({ availability: 'unavailable', cause: 'a backup is running' });
    expect(query).toBe('resourceId=500059535&type=list-available-actions');
    const stop = { ...resize, body: { operation: 'stop' } };
    expect(await p.availability!('Redis', 500059535, stop)).toEqual({ availability: 'available' });
    expect(http.requestCount).toBe(1);
  });

  it('uses GET /itcare/operations for load balancers', async () => {
    pool().intercept({ method: 'GET', path: '/itcare/operations?resourceId=7&type=list-available-actions' }).reply(200, ['start', 'stop'], { headers: VND_JSON });
    const p = createItcareProvider({ http });
    expect(await p.availability!('LoadBalancer', 7, { ...resize, path: '/itcare/networking/loadbalancers/7', body: { operation: 'start' } })).toEqual({ availability: 'available' });
  });

  it('the documented sample [{}] is no information, never a refusal', async () => {
    pool().intercept({ method: 'GET', path: (p) => p.startsWith('/itcare/compute/resources/operations') }).reply(200, [{}], { headers: VND_JSON });
    const r = await createItcareProvider({ http }).availability!('Redis', 1, resize);
    expect(r.availability).toBe('unknown');
    expect(r.cause).toContain('nothing readable');
  });

  it('a 404 or an operation the list does not name is unknown', async () => {
    pool().intercept({ method: 'GET', path: (p) => p.startsWith('/itcare/compute/resources/operations?resourceId=1&') }).reply(404, { errorMessage: 'Not Found' });
    pool().intercept({ method: 'GET', path: (p) => p.startsWith('/itcare/compute/resources/operations?resourceId=2&') }).reply(200, [{ action: 'start', enabled: true }], { headers: VND_JSON });
    const p = createItcareProvider({ http });
    expect((await p.availability!('Redis', 1, resize)).availability).toBe('unknown');
    const r = await p.availability!('Redis', 2, resize);
    expect(r).toMatchObject({ availability: 'unknown' });
    expect(r.cause).toContain('not a refusal');
  });

  it('reads the tolerated shapes', () => {
    expect(readAvailableActions({ content: [{ name: 'RESIZE', isAvailable: false, reason: 'busy' }] })).toEqual([{ name: 'RESIZE', available: false, cause: 'busy' }]);
    expect(readAvailableActions('text')).toBeUndefined();
    expect(readAvailableActions([{}, 3])).toBeUndefined();
  });
});

describe('item 11: live catalogues, advisory and cached per run', () => {
  const live = (): Observation => ({ ...observed(PG_ID, { postgreVersion: '13', extensions: { app: [] } }), raw: {} });

  function pgHandler() {
    return createItcareProvider({ http }).handler('PostgreSQL')!;
  }

  it('refuses a PostgreSQL version the farm catalogue does not list, with the valid values (001:16305-16328)', async () => {
    pool().intercept({ method: 'GET', path: `/itcare/databases/postgresql/${PG_ID}/versions` }).reply(200, [14, 15], { headers: VND_JSON });
    const h = pgHandler();
    const want = pgDesired({ postgreVersion: '16' });
    const obs = await observeWith(h, want, live());
    const err = (() => { try { h.updateOperations(want, obs, [{ op: 'replace', path: '/postgreVersion', value: '16' }], ctx()); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as Error).message).toContain('valid values: 14, 15');
  });

  it('refuses an extension the farm does not offer (001:15982-16012)', async () => {
    pool().intercept({ method: 'GET', path: `/itcare/databases/postgresql/${PG_ID}/extensions` }).reply(200, [{ name: 'pgcrypto' }, { name: 'citext' }], { headers: VND_JSON });
    const h = pgHandler();
    const want = pgDesired({ postgreVersion: '13', extensions: { app: ['vector'] } });
    const obs = await observeWith(h, want, live());
    expect(obs.lookups?.catalogueRefusals).toEqual([{ field: '/extensions', text: expect.stringContaining('spec.extensions vector is not in the extensions ITCare lists') }]);
  });

  it('a catalogue answering 404 or 5xx after retries is a plan note, not a failed plan; read once per run', async () => {
    pool().intercept({ method: 'GET', path: `/itcare/databases/postgresql/${PG_ID}/versions` }).reply(503, {}).times(FAST_RETRY.maxRetries + 1);
    const h = pgHandler();
    const want = pgDesired({ postgreVersion: '16' });
    const a = await observeWith(h, want, live());
    const b = await observeWith(h, want, live());
    expect(a.notes).toEqual([expect.stringContaining('checked against the schema\'s offline list only')]);
    expect(b.notes).toEqual(a.notes);
    expect(http.requestCount).toBe(FAST_RETRY.maxRetries + 1);
    expect(a.lookups?.catalogueRefusals).toBeUndefined();
  });

  it('refuses an ingress provider the catalogue does not list (001:18140-18160) and a LB profile not in /protocols (004:1001-1033)', async () => {
    pool().intercept({ method: 'GET', path: '/itcare/compute/containers/kubernetes/ingress-providers' }).reply(200, ['NGINX', 'TRAEFIK'], { headers: VND_JSON });
    pool().intercept({ method: 'GET', path: '/itcare/networking/loadbalancers/protocols' }).reply(200, [{ name: 'HTTP', protocol: 'HTTP' }, { name: 'TCP', protocol: 'TCP' }], { headers: VND_JSON });
    const p = createItcareProvider({ http });
    const k8s = await observeWith(p.handler('KubernetesCluster')!, { address: 'KubernetesCluster/k', kind: 'KubernetesCluster', name: 'k', spec: { ingressProvider: 'istio' } }, { exists: false, spec: {} });
    expect(k8s.lookups?.catalogueRefusals).toEqual([{ field: '/ingressProvider', text: 'spec.ingressProvider istio is not in the values ITCare lists (GET /itcare/compute/containers/kubernetes/ingress-providers); valid values: NGINX, TRAEFIK' }]);
    const lb = await observeWith(p.handler('LoadBalancer')!, { address: 'LoadBalancer/x', kind: 'LoadBalancer', name: 'x', spec: { profileName: 'https' } }, { exists: false, spec: {} });
    expect(JSON.stringify(lb.lookups?.catalogueRefusals)).toContain('valid values: HTTP, TCP');
  });
});

/**
 * Runs the handler's observe with the kind's own reads replaced by `inner` (the catalogue wrapper is
 * the outer layer: it reads the catalogues on top of what the kind observed).
 */
async function observeWith(h: ReturnType<ReturnType<typeof createItcareProvider>['handler']> & object, d: Parameters<typeof h.observe>[0], inner: Observation): Promise<Observation> {
  const { withCatalogues } = await import('../../../../../src/providers/itcare/common/catalogues.js');
  const check = [postgresql, kubernetesCluster, loadBalancer].find((k) => k.kind === h.kind)!.catalogue!;
  return withCatalogues({ http, kinds: kindDirectory([]) }, { ...h, observe: async () => inner }, check).observe(d);
}
