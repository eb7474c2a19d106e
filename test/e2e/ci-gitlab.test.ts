// The GitLab CI examples of examples/ci/gitlab run job by job against the simulator, with a loopback
// stand-in for the GitLab API (the note the comment job posts, the merge request of the merged commit,
// the plan job's artifact): MR plan -> note text -> merge applies the saved plan -> stale re-run fails;
// the generated child pipeline checks each stack. The scheduled drift job is tested in ci-drift.test.ts.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLIENT_SECRET, harness, type Harness } from '../support/cli.js';
import { REDIS_PASSWORD, redisYaml, stackYaml } from '../support/manifests.js';
import { fakeToolchain, readWorkflow, runGitlabJob } from '../support/ci.js';
import { parseStream } from '../support/stream.js';

const redis = (k: Parameters<typeof redisYaml>[0] = {}) => redisYaml(k).replace('E2E_REDIS_PASSWORD', 'ORDERS_REDIS_PASSWORD');
const GITLAB_TOKEN = 'glpat-ci-test-token';

describe('examples/ci/gitlab pipelines, run against the simulator', () => {
  let h: Harness;
  let api: Server;
  let env: Record<string, string>;
  const notes: string[] = [];
  const artifacts = new Map<string, string>();
  const repo = () => join(h.dir, 'repo');
  const ci = readWorkflow('examples/ci/gitlab/.gitlab-ci.yml');

  beforeAll(async () => {
    h = await harness({ secrets: { ORDERS_REDIS_PASSWORD: REDIS_PASSWORD, GITLAB_TOKEN } });
    h.write('repo/stacks/orders/stack.yaml', stackYaml({ name: 'orders-gl' }));
    h.write('repo/stacks/orders/redis.yaml', redis());
    api = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (req.headers['private-token'] !== GITLAB_TOKEN) return void res.writeHead(401).end();
        if (req.method === 'POST' && url.pathname === '/api/v4/projects/42/merge_requests/7/notes') {
          notes.push(new URLSearchParams(body).get('body') ?? '');
          return void res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":1}');
        }
        if (url.pathname === '/api/v4/projects/42/repository/commits/c0ffee/merge_requests') {
          return void res.writeHead(200, { 'content-type': 'application/json' }).end('[{"iid":7,"source_branch":"orders-resize"}]');
        }
        const art = /^\/api\/v4\/projects\/42\/jobs\/artifacts\/([^/]+)\/raw\/(.+)$/.exec(url.pathname);
        const file = art && artifacts.get(`${art[1]}:${url.searchParams.get('job')}:${art[2]}`);
        if (file !== undefined && file !== null) return void res.writeHead(200).end(file);
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const port = (api.address() as { port: number }).port;
    env = {
      PATH: `${fakeToolchain(h.dir)}:${process.env.PATH}`, HOME: h.dir, ITCARE_ENDPOINT: h.sim.url, ITCARE_TOKEN_URL: h.sim.tokenUrl,
      CARETAKER_POLL_MS: '20', CARETAKER_HTTP_MIN_DELAY_MS: '5',
      ITCARE_CLIENT_ID: 'caretaker-sim', ITCARE_CLIENT_SECRET: CLIENT_SECRET, ORDERS_REDIS_PASSWORD: REDIS_PASSWORD, GITLAB_TOKEN,
      CI_API_V4_URL: `http://127.0.0.1:${port}/api/v4`, CI_PROJECT_ID: '42', CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: 'c0ffee', CI_DEFAULT_BRANCH: 'main',
    };
  });
  afterAll(async () => {
    await new Promise((r) => api?.close(r));
    await h?.close();
  });

  it('MR plan -> note -> merge apply of the saved plan -> stale re-run fails', async () => {
    expect((await runGitlabJob(ci, 'validate', repo(), env)).code).toBe(0);
    const plan = await runGitlabJob(ci, 'plan', repo(), env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(ci.plan.artifacts.paths).toEqual(['plan.json', 'plan.md']);
    artifacts.set('orders-resize:plan:plan.json', readFileSync(join(repo(), 'plan.json'), 'utf8'));
    const comment = await runGitlabJob(ci, 'comment', repo(), env);
    expect(comment.code, comment.stderr).toBe(0);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^### caretaker plan for `orders-gl`\n\n\*\*Plan: 1 to create/);
    expect(notes[0]).toBe(readFileSync(join(repo(), 'plan.md'), 'utf8'));
    expect(h.writes()).toEqual([]);

    const apply = await runGitlabJob(ci, 'apply', repo(), env);
    expect(apply.code, apply.stderr).toBe(0);
    expect(parseStream(readFileSync(join(repo(), 'apply.jsonl'), 'utf8')).at(-1)).toMatchObject({ changes: { operation: 'apply', create: 1 } });
    const since = h.sim.requests.length;
    const stale = await runGitlabJob(ci, 'apply', repo(), env);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('plan is stale');
    expect(h.writes(since)).toEqual([]);

    // The scheduled drift job has its own test (ci-drift.test.ts): issues, cache and notifications.
  });

  it('the generated child pipeline has one job per stack, and its collect job gathers the results', async () => {
    h.write('repo/stacks/billing/stack.yaml', stackYaml({ name: 'billing-gl' }));
    h.write('repo/stacks/billing/redis.yaml', redis({ name: 'billingcache' }));
    const parent = readWorkflow('examples/ci/gitlab/stacks-matrix.gitlab-ci.yml');
    const gen = await runGitlabJob(parent, 'generate', repo(), env);
    expect(gen.code, gen.stderr).toBe(0);
    const child = parse(readFileSync(join(repo(), 'stacks-pipeline.yml'), 'utf8'));
    const jobs = Object.keys(child).filter((k) => k.startsWith('check-'));
    expect(jobs).toEqual(['check-stacks-billing', 'check-stacks-orders']);
    const results = await Promise.all(jobs.map((j) => runGitlabJob(child, j, repo(), env)));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const collect = await runGitlabJob(child, 'collect', repo(), env);
    expect(collect.stdout, collect.stderr).toContain('stacks-billing: plan 2, drift 2');
    expect(collect.stdout).toContain('stacks-orders: plan 0, drift 0');
    expect(collect.code).toBe(2);
  });
});
