// The apply poll budget of the "Fast at scale" issue: at most 0.5 poll requests per action per 10 s of
// action time. Scaled down (actions of 500 ms, first poll after 100 ms: the same 5:1 ratio as 5 s actions
// and the default 1 s interval), 40 Redis creates against the simulator through the library must stay
// within 0.25 `GET /itcare/actions*` requests per action (0.5 per 10 s for 5 s actions), and each create
// is still found by name and completed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, loadManifests, plan } from '../../../../src/index.js';
import { createHttpClient, staticToken } from '../../../../src/http/index.js';
import type { HttpClient } from '../../../../src/http/types.js';
import type { Provider } from '../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../src/providers/itcare/index.js';
import { startSimulator, type RunningSimulator } from '../../../../src/simulator/start.js';
import { stackIn46922 } from '../../../support/sim-library.js';
import { testdir, type TestDir } from '../../manifest/testdir.js';

const N = 40;
const redis = (i: number) => `apiVersion: caretaker/v1
kind: Redis
metadata: { name: pollcache${String(i).padStart(3, '0')} }
spec: { nodeSizing: 2cpu4gb, diskSize: 40, redisVersion: "7.2", instanceCount: 1, persistenceMode: PERSISTENT, admPassword: Test123@2022, monitoringEnabled: true, tags: { app: bench } }
`;

describe('apply poll budget', () => {
  let sim: RunningSimulator;
  let http: HttpClient;
  let dir: TestDir;
  beforeAll(async () => {
    sim = await startSimulator({ actionMs: 500 });
    http = createHttpClient({ baseUrl: sim.url, auth: staticToken('sim-token') });
    dir = testdir({ 'stack.yaml': stackIn46922('poll-budget'), 'redis.yaml': Array.from({ length: N }, (_, i) => redis(i)).join('---\n') });
  });
  afterAll(async () => {
    dir?.remove();
    await http?.close();
    await sim?.close();
  });

  it(`applies ${N} creates with at most 0.25 action-poll requests per action`, async () => {
    const providers = new Map<string, Provider>([['itcare', createItcareProvider({ http })]]);
    const { set, registry } = await loadManifests(['.'], { cwd: dir.dir, env: {} });
    const p = await plan(set, registry, { providers });
    expect(p.changes.filter((c) => c.action === 'create')).toHaveLength(N);
    const since = sim.requests.length;
    const actionsBefore = sim.state.actions.length;
    const r = await apply(p, set, { providers, sink: () => {}, parallelism: 100, tracker: { minIntervalMs: 100, maxIntervalMs: 1500 } });
    expect(r.failed).toEqual([]);
    expect(r.succeeded).toHaveLength(N);
    const actions = sim.state.actions.length - actionsBefore;
    expect(actions).toBeGreaterThanOrEqual(N);
    const polls = sim.requests.slice(since).filter((q) => q.method === 'GET' && q.path.startsWith('/itcare/actions'));
    // Before: every create's re-observation read its running actions by resourceId (one request each).
    expect(polls.filter((q) => q.query.resourceId !== undefined)).toEqual([]);
    expect(polls.length / actions).toBeLessThanOrEqual(0.25);
    // And converged: the plan after apply has nothing to do.
    const again = await plan(set, registry, { providers });
    expect(again.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  }, 60_000);
});
