// The GitLab CI examples of examples/ci/gitlab run job by job against the simulator, with a loopback
// stand-in for the GitLab API (the note the comment job posts, the merge request of the merged commit,
// the plan job's artifact): MR plan under the organisation's policies (a File variable outside the
// manifests) -> note text and the Terraform report -> merge applies the saved plan -> stale re-run fails;
// two merge requests merged in quick succession and the manual re-plan and apply; a denied plan's note;
// the generated child pipeline checks each stack. The scheduled drift job is tested in ci-drift.test.ts.
import { createServer, type Server } from 'node:http';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLIENT_SECRET, harness, type Harness } from '../support/cli.js';
import { REDIS_PASSWORD, redisYaml, stackYaml } from '../support/manifests.js';
import { fakeToolchain, readWorkflow, runGitlabJob } from '../support/ci.js';
import { parseStream } from '../support/stream.js';

const redis = (k: Parameters<typeof redisYaml>[0] = {}) => redisYaml(k).replace('E2E_REDIS_PASSWORD', 'ORDERS_REDIS_PASSWORD');
const GITLAB_TOKEN = 'glpat-ci-test-token';
const ORG_POLICY = `apiVersion: caretaker/v1
kind: Policy
metadata:
  name: org-rules
spec:
  rules:
    - name: irreversible-needs-override
      deny: change.irreversible
      message: irreversible calls need a reviewer's override
`;

describe('examples/ci/gitlab pipelines, run against the simulator', () => {
  let h: Harness;
  let api: Server;
  let env: Record<string, string>;
  const notes: string[] = [];
  const artifacts = new Map<string, string>();
  /** The merge request (source branch) of each merged commit. */
  const mergedFrom = new Map<string, string>([['c0ffee', 'orders-resize']]);
  const repo = () => join(h.dir, 'repo');
  const ci = readWorkflow('examples/ci/gitlab/.gitlab-ci.yml');

  beforeAll(async () => {
    h = await harness({ secrets: { ORDERS_REDIS_PASSWORD: REDIS_PASSWORD, GITLAB_TOKEN } });
    h.write('repo/stacks/orders/stack.yaml', stackYaml({ name: 'orders-gl' }));
    h.write('repo/stacks/orders/redis.yaml', redis());
    // The organisation's rules: a group-level File variable, written by GitLab outside the checkout.
    h.write('org/platform.yaml', ORG_POLICY);
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
        const commit = /^\/api\/v4\/projects\/42\/repository\/commits\/([^/]+)\/merge_requests$/.exec(url.pathname);
        const from = commit && mergedFrom.get(commit[1]!);
        if (from) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([{ iid: 7, source_branch: from }]));
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
      CARETAKER_POLICY: join(h.dir, 'org', 'platform.yaml'),
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
    expect(ci.plan.artifacts).toMatchObject({ when: 'always', paths: ['plan.json', 'plan.md', 'plan.jsonl', 'comment.md'], reports: { terraform: 'plan-report.json' } });
    // GitLab's Terraform report for the merge-request widget.
    expect(JSON.parse(readFileSync(join(repo(), 'plan-report.json'), 'utf8'))).toEqual({ create: 1, update: 0, delete: 0 });
    artifacts.set('orders-resize:plan:plan.json', readFileSync(join(repo(), 'plan.json'), 'utf8'));
    const comment = await runGitlabJob(ci, 'comment', repo(), env);
    expect(comment.code, comment.stderr).toBe(0);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^### caretaker plan for `orders-gl`\n\n\*\*Plan: 1 to create/);
    expect(notes[0]).toBe(readFileSync(join(repo(), 'plan.md'), 'utf8'));
    // The note holds only the plan: no "saved the plan, apply it with…" hint.
    expect(notes[0]).not.toMatch(/Saved the plan|caretaker apply plan\.json/);
    expect(h.writes()).toEqual([]);

    const apply = await runGitlabJob(ci, 'apply', repo(), env);
    expect(apply.code, apply.stderr).toBe(0);
    expect(parseStream(readFileSync(join(repo(), 'apply.jsonl'), 'utf8')).at(-1)).toMatchObject({ changes: { operation: 'apply', create: 1 } });
    const since = h.sim.requests.length;
    const stale = await runGitlabJob(ci, 'apply', repo(), env);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('plan is stale');
    expect(stale.stdout).toContain('main is not applied: run the manual replan job of this pipeline, then approve apply-replanned');
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

  it('two merge requests merged in quick succession: the second plan is refused, the manual replan and apply-replanned apply main', async () => {
    const branch = (name: string, file: string, text: string) => {
      rmSync(join(h.dir, name), { recursive: true, force: true });
      cpSync(repo(), join(h.dir, name), { recursive: true, filter: (src) => !/(plan\.json|plan\.md|plan\.jsonl|comment\.md|plan-report\.json)$/.test(src) });
      h.write(`${name}/${file}`, text);
    };
    branch('mr-a', 'stacks/orders/redis.yaml', redis({ monitoringEnabled: false }));
    branch('mr-b', 'stacks/orders/billing.yaml', redis({ name: 'billingcache' }));
    for (const [dir, ref] of [['mr-a', 'monitoring-off'], ['mr-b', 'billing']] as const) {
      const r = await runGitlabJob(ci, 'plan', join(h.dir, dir), env);
      expect(r.code, `${dir}: ${r.stderr}`).toBe(0);
      artifacts.set(`${ref}:plan:plan.json`, readFileSync(join(h.dir, dir, 'plan.json'), 'utf8'));
    }
    mergedFrom.set('a1', 'monitoring-off').set('b2', 'billing');
    h.write('repo/stacks/orders/redis.yaml', redis({ monitoringEnabled: false }));
    const a = await runGitlabJob(ci, 'apply', repo(), { ...env, CI_COMMIT_SHA: 'a1' });
    expect(a.code, a.stderr).toBe(0);
    h.write('repo/stacks/orders/billing.yaml', redis({ name: 'billingcache' }));
    const since = h.sim.requests.length;
    const b = await runGitlabJob(ci, 'apply', repo(), { ...env, CI_COMMIT_SHA: 'b2' });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('plan is stale: the manifests changed since the plan was made');
    expect(h.writes(since)).toEqual([]);
    // Recovery: the manual replan job plans the default branch (the plan in its log and artifacts), then
    // a person who read it starts apply-replanned, which applies exactly that plan.
    expect(ci.replan.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', when: 'manual', allow_failure: true }]);
    expect(ci['apply-replanned']).toMatchObject({ needs: [{ job: 'replan', artifacts: true }], rules: [{ when: 'manual' }], environment: 'production' });
    const replan = await runGitlabJob(ci, 'replan', repo(), env);
    expect(replan.code, replan.stderr).toBe(0);
    expect(replan.stdout).toContain('<summary><code>+ Redis/billingcache</code>');
    const applied = await runGitlabJob(ci, 'apply-replanned', repo(), env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(h.sim.state.resources.filter((r) => r.name === 'billingcache')).toHaveLength(1);
    expect((await runGitlabJob(ci, 'replan', repo(), env)).stdout).toContain('No changes.');
  });

  it('a plan the policies deny: the job fails and the note says so with the error above the plan', async () => {
    h.write('repo/stacks/orders/redis.yaml', redis({ monitoringEnabled: false, nodeSizing: '8cpu16gb' }));
    const plan = await runGitlabJob(ci, 'plan', repo(), env);
    expect(plan.code).toBe(1);
    expect(ci.comment.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"', when: 'always' }]);
    const before = notes.length;
    expect((await runGitlabJob(ci, 'comment', repo(), env)).code).toBe(0);
    const note = notes[before]!;
    expect(note).toMatch(/^### caretaker plan failed for `stacks\/orders`\n\n```\nError: the policies deny this plan/);
    expect(note).toContain('> **Denied by the policies** (1 denial): apply refuses this plan.');
    h.write('repo/stacks/orders/redis.yaml', redis({ monitoringEnabled: false }));
  });

  it('the apply jobs share one resource_group: two applies of the stack never run at once', () => {
    expect(ci.apply.resource_group).toBe('caretaker-orders');
    expect(ci['apply-replanned'].resource_group).toBe(ci.apply.resource_group);
  });
});
