// Test helpers for the SCP side of the simulator: a signed fetch client (the signature computed with
// node:crypto here, independently of src/), bounded request polling and a valid create body.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../../src/simulator/start.js';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface ScpClient {
  get(path: string): Promise<Answer>;
  post(path: string, body?: unknown): Promise<Answer>;
  put(path: string, body?: unknown): Promise<Answer>;
  delete(path: string): Promise<Answer>;
  raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer>;
}

export async function start(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ actionMs: 0, ...opts });
}

/**
 * Starts a simulator before the enclosing describe block's tests and closes it after them; `use`
 * receives it and a signing client for it (assign them to the block's variables).
 */
export function withScpSimulator(use: (sim: RunningSimulator, c: ScpClient) => void, opts: SimulatorOptions = {}): void {
  let sim: RunningSimulator | undefined;
  beforeAll(async () => {
    sim = await start(opts);
    use(sim, scpClient(sim));
  });
  afterAll(async () => {
    await sim?.close();
  });
}

export function sign(secret: string, method: string, url: string, timestamp: string, accessKey: string, accountId = '', clientType = 'Openapi'): string {
  return createHmac('sha256', secret).update(`${method}${url}${timestamp}${accessKey}${accountId}${clientType}`).digest('base64');
}

export function signedHeaders(sim: RunningSimulator, method: string, url: string, over: Record<string, string> = {}): Record<string, string> {
  const ts = String(Date.now());
  return {
    'Scp-AccessKey': sim.scp.accessKey,
    'Scp-Signature': sign(sim.scp.secretKey, method, url, ts, sim.scp.accessKey),
    'Scp-Timestamp': ts,
    'Scp-ClientType': 'Openapi',
    'Accept-Language': 'en-US',
    'Scp-API-Version': 'cachestore 1.0',
    Accept: 'application/json',
    ...over,
  };
}

export function scpClient(sim: RunningSimulator): ScpClient {
  const raw = async (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> => {
    const res = await fetch(`${sim.scp.url}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const call = (method: string) => (path: string, body?: unknown): Promise<Answer> => {
    const headers = signedHeaders(sim, method, `${sim.scp.url}${path}`);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return raw(method, path, headers, body === undefined ? undefined : JSON.stringify(body));
  };
  return { get: call('GET'), post: call('POST'), put: call('PUT'), delete: call('DELETE'), raw };
}

/** Makes every IN_PROGRESS SCP request due now. */
export function finishRequests(sim: RunningSimulator): void {
  for (const r of sim.state.scp.requests) if (r.state === 'IN_PROGRESS') r.due_at = 0;
}

/** Polls a request until it leaves IN_PROGRESS (bounded: 300 polls). */
export async function waitRequest(c: ScpClient, id: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const { body } = await c.get(`/v1/requests/${id}`);
    if (body.state !== 'IN_PROGRESS') return body.state as string;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`request ${id} still IN_PROGRESS`);
}

export const REDIS_724 = 'ea100000000000000000000000000000';

export function createBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'orderscache',
    dbaas_engine_version_id: REDIS_724,
    subnet_id: 'subnet5a1f0000000000000000000001',
    timezone: 'Asia/Seoul',
    instance_name_prefix: 'ordcache',
    ha_enabled: false,
    nat_enabled: false,
    replica_count: 0,
    allowable_ip_addresses: ['10.20.0.0/24'],
    init_config_option: {
      database_user_password: 'Sim-pass-2024!',
      database_port: 6378,
      sentinel_port: 26378,
      backup_option: { retention_period_day: '7', starting_time_hour: '2' },
    },
    instance_groups: [{
      role_type: 'MASTER',
      server_type_name: 'redis1v1m2',
      block_storage_groups: [{ role_type: 'OS', size_gb: 104 }, { role_type: 'DATA', size_gb: 64, volume_type: 'SSD' }],
      instances: [{ role_type: 'MASTER' }],
    }],
    maintenance_option: { period_hour: '1', starting_day_of_week: 'SUN', starting_time: '0300' },
    tags: [{ key: 'app', value: 'orders' }],
    ...over,
  };
}

/** Creates a cluster and lets its request complete; returns the cluster id. */
export async function createCluster(sim: RunningSimulator, c: ScpClient, over: Record<string, unknown> = {}): Promise<string> {
  const res = await c.post('/v1/clusters', createBody(over));
  if (res.status !== 202) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.body)}`);
  finishRequests(sim);
  await waitRequest(c, res.body.request_id);
  return res.body.resource.id as string;
}
