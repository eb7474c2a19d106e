// The GitHub Actions examples of examples/ci/github run step by step against the simulator (only the
// comment, upload and download actions are not run): PR plan under the organisation's policies -> the
// comment text and the job summary -> merge applies the saved plan -> the same plan again is stale (job
// fails); two pull requests merged in quick succession (the second plan refused as stale, then the
// manual re-plan and approved apply of main), a denied plan's comment, concurrency groups; the matrix
// variant checks each stack in its own job. The nightly drift job is tested in ci-drift.test.ts.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SECRET, harness, type Harness } from '../support/cli.js';
import { REDIS_PASSWORD, redisYaml, stackYaml } from '../support/manifests.js';
import { fakeToolchain, githubJobOutputs, readWorkflow, runGithubJob, type GithubContext, type JobResult } from '../support/ci.js';
import { parseStream } from '../support/stream.js';

const USER_TOKEN = 'ops-token-31';
const ORG_POLICY = `apiVersion: caretaker/v1
kind: Policy
metadata:
  name: org-rules
spec:
  rules:
    - name: irreversible-needs-override
      deny: change.irreversible
      message: irreversible calls need a reviewer's override
    - name: new-resources
      warn: plan.create > 0
      message: "new resources: check their team tag"
`;
const commentOf = (r: JobResult, cwd: string) => {
  const comment = r.actions.find((a) => a.uses.startsWith('marocchino/sticky-pull-request-comment'))!;
  return readFileSync(join(cwd, String(comment.with.path)), 'utf8');
};
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
    // Where the workflow's second checkout puts the organisation's policy repository (outside the manifests).
    h.write('repo/.org-policies/platform.yaml', ORG_POLICY);
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

  it('plan on PR -> comment -> apply on merge -> stale plan fails', async () => {
    const pr = await runGithubJob(readWorkflow('examples/ci/github/plan-on-pr.yml'), 'plan', ctx);
    expect(pr.code, JSON.stringify(pr.steps.map((s) => [s.name, s.code, s.stderr]))).toBe(0);
    expect(parseStream(readFileSync(join(repo(), 'validate.jsonl'), 'utf8')).at(-1)!.type).toBe('validate_complete');
    // The comment action posts plan.md: the summary table first, the resize folded in <details>.
    const body = commentOf(pr, repo());
    expect(body).toMatch(/^### caretaker plan for `orders-ci`\n\n> \[!WARNING\]\n> \*\*Policy warnings\*\*:\n> - `new-resources` \(org-rules, `\.org-policies\/platform.yaml:11`\)/);
    expect(body).toContain('| 1 | 0 | 0 | 0 | 0 |');
    expect(body).toContain('<summary><code>+ Redis/orderscache</code>');
    // The comment holds only the plan: no "saved the plan, apply it with…" hint.
    expect(body).not.toMatch(/Saved the plan|caretaker apply plan\.json/);
    // The job summary shows the same Markdown.
    expect(pr.summary).toBe(body);
    expect(parseStream(readFileSync(join(repo(), 'plan.jsonl'), 'utf8')).at(-1)).toMatchObject({ type: 'change_summary', changes: { create: 1 } });
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
    expect(applied.steps.find((s) => s.name === 'Apply the saved plan')!.stdout).toContain('Apply complete');
    expect(parseStream(readFileSync(join(repo(), 'apply.jsonl'), 'utf8')).at(-1)).toMatchObject({ type: 'change_summary', changes: { operation: 'apply', create: 1 } });
    expect(h.sim.state.resources.filter((r) => r.name === 'orderscache')).toHaveLength(1);

    // The same plan once more (a re-run of the merge job): stale, the job fails, nothing is written.
    const since = h.sim.requests.length;
    const again = await runGithubJob(merge, 'apply', ctx);
    expect(again.code).toBe(1);
    expect(again.steps.find((s) => s.name === 'Apply the saved plan')!.stderr).toContain('plan is stale');
    expect(again.summary).toContain('To re-plan and apply main: Actions -> caretaker apply -> Run workflow');
    expect(h.writes(since)).toEqual([]);
    expect(applied.actions.some((a) => a.uses.startsWith('actions/upload-artifact'))).toBe(true);

    // The nightly drift job has its own test (ci-drift.test.ts): issues, cache and notifications.
  });

  it('matrix: one job per stack directory, results collected (drift in one stack fails the collect job)', async () => {
    // Someone resizes the orders cache out of band: its plan resizes it back, its drift counts.
    const id = h.sim.state.resources.find((r) => r.name === 'orderscache')!.id;
    const res = await fetch(`${h.sim.url}/itcare/databases/redis/${id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/vnd.cegedim-it.v1+json' },
      body: JSON.stringify({ operation: 'resize', options: { sizing: '4cpu8gb' } }),
    });
    expect(res.status).toBeLessThan(300);
    h.write('repo/stacks/billing/stack.yaml', stackYaml({ name: 'billing-ci' }));
    h.write('repo/stacks/billing/redis.yaml', redis({ name: 'billingcache' }));
    const wf = readWorkflow('examples/ci/github/stacks-matrix.yml');
    const discover = await runGithubJob(wf, 'discover', ctx);
    expect(discover.code, discover.steps[0]?.stderr).toBe(0);
    const stacks = JSON.parse(githubJobOutputs(wf, 'discover', discover, ctx).stacks!) as string[];
    expect(stacks).toEqual(['stacks/billing', 'stacks/orders']);
    // The matrix jobs run in parallel, as the CI would run them.
    const jobs = await Promise.all(stacks.map((stack, i) =>
      runGithubJob(wf, 'stack', { ...ctx, matrix: { stack }, needs: { discover: { outputs: { stacks: JSON.stringify(stacks) } } }, jobIndex: i })));
    for (const j of jobs) expect(j.code, JSON.stringify(j.steps.map((s) => [s.name, s.code, s.stderr]))).toBe(0);
    expect(readFileSync(join(repo(), 'reports/stacks-billing/plan.code'), 'utf8').trim()).toBe('2');
    expect(readFileSync(join(repo(), 'reports/stacks-orders/drift.code'), 'utf8').trim()).toBe('2');
    const collect = await runGithubJob(wf, 'collect', ctx);
    expect(collect.code).toBe(2);
    const summary = readFileSync(join(repo(), 'summary.md'), 'utf8');
    expect(summary).toContain('| stacks-billing | changes | drift |');
    expect(summary).toContain('| stacks-orders | changes | drift |');
  });
});

describe('examples/ci/github: the merge race, the recovery path, a failed plan\'s comment, concurrency', () => {
  let h: Harness;
  let ctx: GithubContext;
  const dir = (name: string) => join(h.dir, name);
  const at = (cwd: string): GithubContext => ({ ...ctx, cwd });
  const planWf = readWorkflow('examples/ci/github/plan-on-pr.yml');
  const applyWf = readWorkflow('examples/ci/github/apply-on-merge.yml');
  /** A branch: a copy of main (its manifests and the policy checkout) with one file changed. */
  const branch = (name: string, file: string, text: string) => {
    rmSync(dir(name), { recursive: true, force: true });
    cpSync(dir('main'), dir(name), { recursive: true, filter: (src) => !/(\.github-runner|plan\.json|plan\.md|plan\.jsonl)$/.test(src) });
    h.write(`${name}/${file}`, text);
  };
  /** The merge job's download: the PR's saved plan into the workspace root of main. */
  const download = (from: string) => cpSync(join(dir(from), 'plan.json'), join(dir('main'), 'plan.json'));

  beforeAll(async () => {
    h = await harness({ secrets: { ORDERS_REDIS_PASSWORD: REDIS_PASSWORD } });
    h.write('main/stacks/orders/stack.yaml', stackYaml({ name: 'orders-race' }));
    h.write('main/stacks/orders/redis.yaml', redis());
    h.write('main/.org-policies/platform.yaml', ORG_POLICY);
    const env = { PATH: `${fakeToolchain(h.dir)}:${process.env.PATH}`, HOME: h.dir, ITCARE_ENDPOINT: h.sim.url, ITCARE_TOKEN_URL: h.sim.tokenUrl, CARETAKER_POLL_MS: '20', CARETAKER_HTTP_MIN_DELAY_MS: '5' };
    ctx = {
      cwd: dir('main'), env,
      secrets: { ITCARE_CLIENT_ID: 'caretaker-sim', ITCARE_CLIENT_SECRET: CLIENT_SECRET, ORDERS_REDIS_PASSWORD: REDIS_PASSWORD },
      github: { event: { pull_request: { number: 8 }, after: 'def456' }, event_name: 'push' },
    };
    // main is applied once: the cache exists.
    branch('first', 'stacks/orders/redis.yaml', redis());
    expect((await runGithubJob(planWf, 'plan', at(dir('first')))).code).toBe(0);
    download('first');
    expect((await runGithubJob(applyWf, 'apply', ctx)).code).toBe(0);
  });
  afterAll(async () => h?.close());

  it('two pull requests merged in quick succession: the second plan is refused as stale, the manual re-plan applies main', async () => {
    // Both pull requests are planned from the same main: one turns monitoring off, one adds a cache.
    branch('pr-a', 'stacks/orders/redis.yaml', redis({ monitoringEnabled: false }));
    branch('pr-b', 'stacks/orders/billing.yaml', redis({ name: 'billingcache' }));
    for (const b of ['pr-a', 'pr-b']) {
      const r = await runGithubJob(planWf, 'plan', at(dir(b)));
      expect(r.code, `${b}: ${JSON.stringify(r.steps.map((s) => [s.name, s.code, s.stderr]))}`).toBe(0);
    }
    // A merges: main gets its change and its plan applies.
    h.write('main/stacks/orders/redis.yaml', redis({ monitoringEnabled: false }));
    download('pr-a');
    const a = await runGithubJob(applyWf, 'apply', ctx);
    expect(a.code, JSON.stringify(a.steps.map((s) => [s.name, s.code, s.stderr]))).toBe(0);
    // B merges right after: main holds both changes, B's saved plan was made without A's: refused, nothing written.
    h.write('main/stacks/orders/billing.yaml', redis({ name: 'billingcache' }));
    download('pr-b');
    const since = h.sim.requests.length;
    const b = await runGithubJob(applyWf, 'apply', ctx);
    expect(b.code).toBe(1);
    expect(b.steps.find((s) => s.name === 'Apply the saved plan')!.stderr).toContain('plan is stale: the manifests changed since the plan was made');
    expect(h.writes(since)).toEqual([]);
    expect(b.summary).toContain('main is not applied');
    expect(h.sim.state.resources.some((r) => r.name === 'billingcache')).toBe(false);
    // Recovery, as the summary says: run the workflow by hand. It plans main and shows the plan in the
    // run summary; after the environment's approval, the second job applies exactly that plan.
    expect(applyWf.on).toHaveProperty('workflow_dispatch');
    expect(applyWf.jobs['apply-replanned']).toMatchObject({ needs: 'replan', environment: 'production' });
    const replan = await runGithubJob(applyWf, 'replan', ctx);
    expect(replan.code, JSON.stringify(replan.steps.map((s) => [s.name, s.code, s.stderr]))).toBe(0);
    expect(replan.summary).toMatch(/^### caretaker plan for `orders-race`/);
    expect(replan.summary).toContain('<summary><code>+ Redis/billingcache</code>');
    expect(replan.actions.find((x) => x.uses.startsWith('actions/upload-artifact'))!.with.name).toBe('caretaker-replan');
    expect(applyWf.jobs['apply-replanned'].steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/download-artifact')).with).toMatchObject({ name: 'caretaker-replan', path: '.' });
    const recovered = await runGithubJob(applyWf, 'apply-replanned', ctx);
    expect(recovered.code, JSON.stringify(recovered.steps.map((s) => [s.name, s.code, s.stderr]))).toBe(0);
    expect(h.sim.state.resources.filter((r) => r.name === 'billingcache')).toHaveLength(1);
    const converged = await runGithubJob(applyWf, 'replan', ctx);
    expect(converged.summary).toContain('No changes.');
  });

  it('a plan the policies deny: the comment and the summary say so with the error, and the job fails', async () => {
    branch('pr-c', 'stacks/orders/redis.yaml', redis({ monitoringEnabled: false, nodeSizing: '4cpu8gb' }));
    const r = await runGithubJob(planWf, 'plan', at(dir('pr-c')));
    expect(r.code).toBe(1);
    const body = commentOf(r, dir('pr-c'));
    expect(body).toMatch(/^### caretaker plan failed for `stacks\/orders`\n\n```\nError: the policies deny this plan/);
    expect(body).toContain("rule irreversible-needs-override (org-rules, .org-policies/platform.yaml:8): Redis/orderscache: irreversible calls need a reviewer's override");
    // The denied plan itself follows the error, its denial first.
    expect(body).toContain('> **Denied by the policies** (1 denial): apply refuses this plan.');
    expect(r.summary).toBe(body);
    expect(r.steps.find((s) => s.name === 'Fail on a plan error')!.stdout).toContain('caretaker plan failed: see the comment');
  });

  it('a manifest error: validate fails, and the comment and the summary hold the error', async () => {
    branch('pr-d', 'stacks/orders/redis.yaml', redis().replace('diskSize: 40', 'diskSize: 4000'));
    const r = await runGithubJob(planWf, 'plan', at(dir('pr-d')));
    expect(r.code).toBe(1);
    const body = commentOf(r, dir('pr-d'));
    expect(body).toMatch(/^### caretaker validate failed for `stacks\/orders`\n\n```\nError: stacks\/orders\/redis.yaml:\d+:\d+: spec.diskSize: must be <= 1024/);
    expect(body.trimEnd().endsWith('```')).toBe(true);
    expect(r.summary).toBe(body);
    expect(r.steps.map((s) => s.name)).not.toContain('Plan');
  });

  it('concurrency: every apply job of the stack shares one group that never cancels; plans have their own per pull request', () => {
    const groups = ['apply', 'replan', 'apply-replanned'].map((j) => applyWf.jobs[j].concurrency);
    for (const g of groups) expect(g).toEqual({ group: 'caretaker-apply-orders', 'cancel-in-progress': false });
    expect(planWf.jobs.plan.concurrency.group).toBe('caretaker-plan-orders-${{ github.event.pull_request.number }}');
    expect(planWf.jobs.plan.concurrency.group).not.toBe(groups[0]!.group);
    expect(applyWf.jobs.apply.if).toBe("github.event_name == 'push'");
    expect(applyWf.jobs.replan.if).toBe("github.event_name == 'workflow_dispatch'");
  });
});
