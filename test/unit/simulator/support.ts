// Test helpers for the simulator: a tiny fetch client with the static token, bounded action
// polling, and valid create bodies for Redis and PostgreSQL.
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator/start.js';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export type Client = Record<'get' | 'head' | 'delete', (path: string, body?: unknown) => Promise<Answer>> &
  Record<'post' | 'put' | 'patch', (path: string, body?: unknown) => Promise<Answer>>;

/** Actions complete on the next request by default (actionMs 0), so tests never race the clock. */
export async function start(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ actionMs: 0, ...opts });
}

/** Makes every IN_PROGRESS action due now (for simulators started with a long actionMs). */
export function finishActions(sim: RunningSimulator): void {
  for (const a of sim.state.actions) if (a.status === 'IN_PROGRESS') a.dueAt = 0;
}

export function client(sim: RunningSimulator, token: string | undefined = 'sim-token'): Client {
  const call = (method: string) => async (path: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = { accept: '*/*' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/vnd.cegedim-it.v1+json';
    const res = await fetch(`${sim.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  return { get: call('GET'), head: call('HEAD'), delete: call('DELETE'), post: call('POST'), put: call('PUT'), patch: call('PATCH') };
}

/** Polls an action until it leaves IN_PROGRESS (at most ~3 s). */
export async function waitAction(c: Client, id: number): Promise<any> {
  for (let i = 0; i < 300; i++) {
    const { body } = await c.get(`/itcare/actions/${id}`);
    if (body.status !== 'IN_PROGRESS') return body;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`action ${id} still IN_PROGRESS`);
}

export function redisBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    redisVersion: '6.2.5', region: 'EB', area: 'EB-QA', name: 'orderscache', nodeSizing: '2cpu4gb', diskSize: 40,
    networkId: 1234511, serviceId: 46922, admPassword: 'Test123@2022', instanceCount: 1, persistenceMode: 'PERSISTENT',
    ...over,
  };
}

export function pgBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    serviceId: 46922, nodeSizing: '2cpu4gb', networkId: 1234512, area: 'EB-QA', diskSize: 40, admPassword: 'Test123@2022',
    postgreVersion: '15', allowedReplicationLag: 10, topology: 'STANDALONE', trigram: 'ord', name: 'ordersdb', ...over,
  };
}

/** Creates a resource and waits for its create action; returns the new id. */
export async function createAndWait(c: Client, path: string, body: Record<string, unknown>): Promise<number> {
  const res = await c.post(path, body);
  if (res.status !== 202) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.body)}`);
  const done = await waitAction(c, res.body.id);
  if (done.status !== 'SUCCESS') throw new Error(`create ended ${done.status}`);
  return res.body.internalId as number;
}
