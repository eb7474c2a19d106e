// The GitHub Actions examples of examples/ci/github run step by step against the simulator (only the
// comment, upload and download actions are not run): PR plan -> the comment text -> merge applies the
// saved plan -> the same plan again is stale (job fails) -> nightly drift after an out-of-band change
// exits 2 (job fails) with both reports uploaded; the matrix variant checks each stack in its own job.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SECRET, harness, type Harness } from '../support/cli.js';
import { REDIS_PASSWORD, redisYaml, stackYaml } from '../support/manifests.js';
import { fakeToolchain, githubJobOutputs, readWorkflow, runGithubJob, type GithubContext, type JobResult } from '../support/ci.js';
import { ofType, parseStream } from '../support/stream.js';

const USER_TOKEN = 'ops-token-31';
const redis = (k: Parameters<typeof redisYaml>[0] = {}) => redisYaml(k).replace('E2E_REDIS_PASSWORD', 'ORDERS_REDIS_PASSWORD');
const uploaded = (r: JobResult, cwd: string) =>
  r.actions.filter((a) => a.uses.startsWith('actions/upload-artifact')).flatMap((a) => String(a.with.path).split('\n').filter(Boolean)).map((p) => join(cwd, p.trim()));

describe('examples/ci/github workflows, run against the simulator', () => {
  let h: Harness;
  let ctx: GithubContext;
  const repo = () => join(h.dir, 'repo');

  beforeAll(async () => {
    h = await harness({ sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: 'ops@cegedim.com' } }, secrets: { ORDERS_REDIS_PASSWORD: REDIS_PASSWORD } });
    h.write('repo/stacks/orders/stack.yaml', stackYaml({ name: 'orders-ci' }));
    h.write('repo/stacks/orders/redis.yaml', redis());
    const bin = fakeToolchain(h.dir);
    // The runner's environment: the endpoint variables point at the simulator; credentials come from secrets.
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: h.dir, ITCARE_ENDPOINT: h.sim.url, ITCARE_TOKEN_URL: h.sim.tokenUrl, CARETAKER_POLL_MS: '20', CARETAKER_HTTP_MIN_DELAY_MS: '5' };
    ctx = {
      cwd: repo(), env,
      secrets: { ITCARE_CLIENT_ID: 'caretaker-sim', ITCARE_CLIENT_SECRET: CLIENT_SECRET, ORDERS_REDIS_PASSWORD: REDIS_PASSWORD },
      github: { event: { pull_request: { number: 7 }, after: 'abc123' } },
    };
  });
  afterAll(async () => h?.close());

  it('plan on PR -> comment -> apply on merge -> stale plan fails -> nightly drift exits 2', async () => {
    const pr = await runGithubJob(readWorkflow('examples/ci/github/plan-on-pr.yml'), 'plan', ctx);
    expect(pr.code, JSON.stringify(pr.steps.map((s) => [s.name, s.code, s.stderr]))).toBe(0);
    expect(parseStream(readFileSync(join(repo(), 'validate.jsonl'), 'utf8')).at(-1)!.type).toBe('validate_complete');
    // The comment action posts plan.md: the summary table first, the resize folded in <details>.
    const comment = pr.actions.find((a) => a.uses.startsWith('marocchino/sticky-pull-request-comment'))!;
    const body = readFileSync(join(repo(), String(comment.with.path)), 'utf8');
    expect(body).toMatch(/^### caretaker plan for `orders-ci`\n\n\*\*Plan: 1 to create/);
    expect(body).toContain('| 1 | 0 | 0 | 0 | 0 |');
    expect(body).toContain('<summary><code>+ Redis/orderscache</code>');
    expect(pr.actions.find((a) => a.uses.startsWith('actions/upload-artifact'))!.with.name).toBe('caretaker-plan-7');
    for (const f of uploaded(pr, repo())) expect(existsSync(f), f).toBe(true);
    expect(h.writes()).toEqual([]);

    // Merge: the download action brings the PR's artifact (plan.json) back into the workspace root,
    // where the plan job saved it; here the merge job runs in the same workspace, so it is there.
    const merge = readWorkflow('examples/ci/github/apply-on-merge.yml');
    expect(merge.jobs.apply.steps.find((s: { uses?: string }) => s.uses?.startsWith('dawidd6/action-download-artifact')).with.path).toBe('.');
    const applied = await runGithubJob(merge, 'apply', ctx);
    expect(applied.code, JSON.stringify(applied.steps.map((s) => [s.name, s.code, s.stderr]))).toBe(0);
    expect(applied.steps.find((s) => s.name === 'Show what will be applied')!.stdout).toContain('+ Redis/orderscache');
    expect(parseStream(readFileSync(join(repo(), 'apply.jsonl'), 'utf8')).at(-1)).toMatchObject({ type: 'change_summary', changes: { operation: 'apply', create: 1 } });
    expect(h.sim.state.resources.filter((r) => r.name === 'orderscache')).toHaveLength(1);

    // The same plan once more (a re-run of the merge job): stale, the job fails, nothing is written.
    const since = h.sim.requests.length;
    const again = await runGithubJob(merge, 'apply', ctx);
    expect(again.code).toBe(1);
    expect(again.steps.at(-1)!.stderr).toContain('plan is stale');
    expect(h.writes(since)).toEqual([]);
    expect(applied.actions.some((a) => a.uses.startsWith('actions/upload-artifact'))).toBe(true);

    // Nightly: in sync first (the job passes), then an out-of-band resize by someone else: exit 2.
    const nightly = readWorkflow('examples/ci/github/drift-nightly.yml');
    const clean = await runGithubJob(nightly, 'drift', ctx);
    expect(clean.code, JSON.stringify(clean.steps.map((s) => [s.name, s.code, s.stderr]))).toBe(0);
    const id = h.sim.state.resources.find((r) => r.name === 'orderscache')!.id;
    const res = await fetch(`${h.sim.url}/itcare/databases/redis/${id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/vnd.cegedim-it.v1+json' },
      body: JSON.stringify({ operation: 'resize', options: { sizing: '4cpu8gb' } }),
    });
    expect(res.status).toBeLessThan(300);
    const drifted = await runGithubJob(nightly, 'drift', ctx);
    expect(drifted.code).toBe(2);
    expect(drifted.steps.at(-1)!.stdout).toContain('caretaker drift exited 2');
    for (const f of uploaded(drifted, repo())) expect(existsSync(f), f).toBe(true);
    const report = parseStream(readFileSync(join(repo(), 'drift.jsonl'), 'utf8'));
    expect(ofType(report, 'resource_drift')[0]).toMatchObject({ resource: { address: 'Redis/orderscache', status: 'drifted' } });
    expect(readFileSync(join(repo(), 'drift.md'), 'utf8')).toContain('nodeSizing');
  });

  it('matrix: one job per stack directory, results collected (drift in one stack fails the collect job)', async () => {
    // Each stack has its own secret (BILLING_REDIS_PASSWORD for billing, which the jobs create); search
    // already exists and its secret is in no secret store: its jobs plan and drift-check without it.
    h.write('repo/stacks/billing/stack.yaml', stackYaml({ name: 'billing-ci' }));
    h.write('repo/stacks/billing/redis.yaml', redis({ name: 'billingcache' }).replace('ORDERS_REDIS_PASSWORD', 'BILLING_REDIS_PASSWORD'));
    h.write('repo/stacks/search/stack.yaml', stackYaml({ name: 'search-ci' }));
    h.write('repo/stacks/search/redis.yaml', redis({ name: 'searchcache' }).replace('ORDERS_REDIS_PASSWORD', 'SEARCH_REDIS_PASSWORD'));
    const made = await h.run(['apply', '--auto-approve', 'repo/stacks/search'], { env: { SEARCH_REDIS_PASSWORD: REDIS_PASSWORD } });
    expect(made.code, made.stderr).toBe(0);
    const withBilling = { ...ctx, secrets: { ...ctx.secrets, BILLING_REDIS_PASSWORD: 'Billing#Redis77' } };
    h.secrets.push('Billing#Redis77');
    const wf = readWorkflow('examples/ci/github/stacks-matrix.yml');
    const discover = await runGithubJob(wf, 'discover', withBilling);
    expect(discover.code, discover.steps[0]?.stderr).toBe(0);
    const stacks = JSON.parse(githubJobOutputs(wf, 'discover', discover, withBilling).stacks!) as string[];
    expect(stacks).toEqual(['stacks/billing', 'stacks/orders', 'stacks/search']);
    // The matrix jobs run in parallel, as the CI would run them.
    const jobs = await Promise.all(stacks.map((stack, i) =>
      runGithubJob(wf, 'stack', { ...withBilling, matrix: { stack }, needs: { discover: { outputs: { stacks: JSON.stringify(stacks) } } }, jobIndex: i })));
    for (const j of jobs) expect(j.code, JSON.stringify(j.steps.map((s) => [s.name, s.code, s.stderr]))).toBe(0);
    expect(readFileSync(join(repo(), 'reports/stacks-billing/plan.code'), 'utf8').trim()).toBe('2');
    expect(readFileSync(join(repo(), 'reports/stacks-orders/drift.code'), 'utf8').trim()).toBe('2');
    expect(readFileSync(join(repo(), 'reports/stacks-search/plan.code'), 'utf8').trim()).toBe('0');
    expect(readFileSync(join(repo(), 'reports/stacks-search/drift.code'), 'utf8').trim()).toBe('0');
    const collect = await runGithubJob(wf, 'collect', withBilling);
    expect(collect.code).toBe(2);
    const summary = readFileSync(join(repo(), 'summary.md'), 'utf8');
    expect(summary).toContain('| stacks-billing | changes | drift |');
    // orders was resized out of band by the test above: its plan resizes it back, its drift counts.
    expect(summary).toContain('| stacks-orders | changes | drift |');
    expect(summary).toContain('| stacks-search | no changes | in sync |');
    expect(summary).not.toContain('error');
  });
});
