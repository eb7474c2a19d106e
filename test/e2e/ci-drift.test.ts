// The nightly drift jobs of examples/ci (GitHub's drift-nightly.yml, GitLab's scheduled `drift` job) run
// night after night against the simulator, with loopback stand-ins of the GitHub and GitLab issue APIs
// and of a chat webhook: in sync -> an out-of-band resize opens one issue and notifies once -> the same
// drift stays quiet -> a new change updates the issue -> the drift accepted into the manifests closes
// it; the history lives where the cache step keeps it, and the fleet page shows each night's status.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SECRET, harness, type Harness } from '../support/cli.js';
import { REDIS_PASSWORD, redisYaml, stackYaml } from '../support/manifests.js';
import { fakeToolchain, readWorkflow, runGithubJob, runGitlabJob, type GithubContext } from '../support/ci.js';

const USER_TOKEN = 'ops-token-nightly';
const GH_TOKEN = 'ghs-nightly-token-8812';
const GITLAB_TOKEN = 'glpat-nightly-token-4410';
const HOOK = '/hooks/nightly-secret-Yz71';
const redis = (k: Parameters<typeof redisYaml>[0] = {}) => redisYaml(k).replace('E2E_REDIS_PASSWORD', 'ORDERS_REDIS_PASSWORD');

interface Issue { number: number; title: string; body: string; labels: string[]; state: 'open' | 'closed'; comments: string[] }

/** A loopback server with the issue endpoints both examples call, and a webhook. */
async function standIns() {
  const github: Issue[] = [];
  const gitlab: Issue[] = [];
  const hooks: unknown[] = [];
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, v: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(v));
      calls.push(`${req.method} ${url.pathname}`);
      if (url.pathname === HOOK) return (hooks.push(JSON.parse(body)), json(200, 'ok'));
      const gh = /^\/repos\/acme\/shop\/issues(?:\/(\d+))?(\/comments)?$/.exec(url.pathname);
      if (gh) {
        if (req.headers.authorization !== `Bearer ${GH_TOKEN}`) return json(401, { message: 'Bad credentials' });
        const issue = gh[1] ? github.find((i) => i.number === Number(gh[1])) : undefined;
        if (req.method === 'GET' && !gh[1]) {
          const label = url.searchParams.get('labels');
          return json(200, github.filter((i) => i.state === url.searchParams.get('state') && (!label || i.labels.includes(label))).map((i) => ({ number: i.number, title: i.title })));
        }
        const data = JSON.parse(body || '{}');
        if (req.method === 'POST' && !gh[1]) {
          const i: Issue = { number: github.length + 1, title: data.title, body: data.body, labels: data.labels ?? [], state: 'open', comments: [] };
          github.push(i);
          return json(201, { number: i.number });
        }
        if (!issue) return json(404, { message: 'Not Found' });
        if (req.method === 'POST' && gh[2]) return (issue.comments.push(data.body), json(201, {}));
        if (req.method === 'PATCH') {
          if (data.body !== undefined) issue.body = data.body;
          if (data.state !== undefined) issue.state = data.state;
          return json(200, {});
        }
      }
      const gl = /^\/api\/v4\/projects\/42\/issues(?:\/(\d+))?(\/notes)?$/.exec(url.pathname);
      if (gl) {
        if (req.headers['private-token'] !== GITLAB_TOKEN) return json(401, { message: '401 Unauthorized' });
        const form = new URLSearchParams(body);
        const issue = gl[1] ? gitlab.find((i) => i.number === Number(gl[1])) : undefined;
        if (req.method === 'GET' && !gl[1]) {
          const state = url.searchParams.get('state') === 'opened' ? 'open' : 'closed';
          return json(200, gitlab.filter((i) => i.state === state && i.labels.includes(url.searchParams.get('labels') ?? '')).map((i) => ({ iid: i.number, title: i.title })));
        }
        if (req.method === 'POST' && !gl[1]) {
          const i: Issue = { number: gitlab.length + 1, title: form.get('title')!, body: form.get('description')!, labels: (form.get('labels') ?? '').split(','), state: 'open', comments: [] };
          gitlab.push(i);
          return json(201, { iid: i.number });
        }
        if (!issue) return json(404, { message: '404 Not found' });
        if (req.method === 'POST' && gl[2]) return (issue.comments.push(form.get('body')!), json(201, {}));
        if (req.method === 'PUT') {
          if (form.has('description')) issue.body = form.get('description')!;
          if (form.get('state_event') === 'close') issue.state = 'closed';
          return json(200, {});
        }
      }
      json(404, { message: `no route ${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, github, gitlab, hooks, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('nightly drift examples, night after night', () => {
  let h: Harness;
  let api: Awaited<ReturnType<typeof standIns>>;
  const repo = () => join(h.dir, 'repo');
  const oob = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${h.sim.url}${path}`, { method, headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/vnd.cegedim-it.v1+json' }, body: JSON.stringify(body) });
    expect(res.status).toBeLessThan(300);
    for (let i = 0; i < 100 && h.sim.state.actions.some((a) => a.status === 'IN_PROGRESS'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      await fetch(`${h.sim.url}/itcare/actions?serviceId=46922`, { headers: { authorization: `Bearer ${USER_TOKEN}` } });
    }
  };
  const redisId = () => h.sim.state.resources.find((r) => r.name === 'orderscache')!.id;
  const fleetStatus = () => {
    const { document } = parseHTML(readFileSync(join(repo(), 'drift-report.html'), 'utf8'));
    return [...document.querySelectorAll('#stacks tbody tr')].map((tr) => [tr.getAttribute('data-stack'), tr.getAttribute('data-status')]);
  };

  beforeAll(async () => {
    api = await standIns();
    h = await harness({
      secrets: { ORDERS_REDIS_PASSWORD: REDIS_PASSWORD, GH_TOKEN, GITLAB_TOKEN, HOOK },
      sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: 'ops@cegedim.com' } },
    });
    h.write('repo/stacks/orders/stack.yaml', stackYaml({ name: 'orders-nightly' }));
    h.write('repo/stacks/orders/redis.yaml', redis());
    const r = await h.run(['apply', '--auto-approve', 'repo/stacks/orders'], { env: { ORDERS_REDIS_PASSWORD: REDIS_PASSWORD } });
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await api?.close();
    await h?.close();
  });

  it('GitHub: one issue per stack, opened once, quiet, updated, closed; the history where the cache keeps it', async () => {
    const wf = readWorkflow('examples/ci/github/drift-nightly.yml');
    const env = {
      PATH: `${fakeToolchain(h.dir)}:${process.env.PATH}`, HOME: h.dir, ITCARE_ENDPOINT: h.sim.url, ITCARE_TOKEN_URL: h.sim.tokenUrl,
      CARETAKER_POLL_MS: '20', CARETAKER_HTTP_MIN_DELAY_MS: '5',
      GITHUB_API_URL: api.url, GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '1001',
    };
    const ctx: GithubContext = {
      cwd: repo(), env,
      secrets: { ITCARE_CLIENT_ID: 'caretaker-sim', ITCARE_CLIENT_SECRET: CLIENT_SECRET, ORDERS_REDIS_PASSWORD: REDIS_PASSWORD, CARETAKER_NOTIFY_URL: `${api.url}${HOOK}`, GITHUB_TOKEN: GH_TOKEN },
    };
    const night = async () => {
      const r = await runGithubJob(wf, 'drift', ctx);
      expect(r.code, JSON.stringify(r.steps.map((s) => [s.name, s.code, s.stdout.slice(-300), s.stderr.slice(-300)]))).toBe(0);
      return r;
    };
    // The cache steps keep exactly the folder the drift step writes its history to.
    const restore = wf.jobs.drift.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/cache/restore'));
    const save = wf.jobs.drift.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/cache/save'));
    expect(restore.with.path).toBe(wf.env.HISTORY_DIR);
    expect(save.with.path).toBe(wf.env.HISTORY_DIR);
    expect(save.if).toBe('always()');

    // Night 1: in sync. No issue, no notification; the reports and the page are uploaded.
    const n1 = await night();
    expect(api.github).toEqual([]);
    expect(api.hooks).toEqual([]);
    const upload = n1.actions.find((a) => a.uses.startsWith('actions/upload-artifact'))!;
    for (const f of String(upload.with.path).split('\n').filter(Boolean)) expect(existsSync(join(repo(), f.trim())), f).toBe(true);
    expect(readFileSync(join(repo(), 'drift.prom'), 'utf8')).toContain('caretaker_drift_resources{stack="orders-nightly"} 0');
    expect(existsSync(join(repo(), wf.env.HISTORY_DIR, 'history.json'))).toBe(true);
    expect(fleetStatus()).toEqual([['orders-nightly', 'in-sync']]);

    // Night 2: someone resized the cache. One issue, one notification; the job itself passes.
    await oob('PATCH', `/itcare/databases/redis/${redisId()}`, { operation: 'resize', options: { sizing: '4cpu8gb' } });
    await night();
    expect(api.github).toHaveLength(1);
    expect(api.github[0]).toMatchObject({ title: 'caretaker drift: orders-nightly', labels: ['caretaker-drift'], state: 'open' });
    expect(api.github[0]!.body).toMatch(/^### caretaker drift for `orders-nightly`/);
    expect(api.github[0]!.body).toContain('nodeSizing');
    expect(api.hooks).toHaveLength(1);
    expect(fleetStatus()).toEqual([['orders-nightly', 'drift']]);

    // Night 3: the same drift. Quiet: no new issue, no edit, no comment, no notification.
    const before = api.calls.length;
    const n3 = await night();
    expect(n3.steps.find((s) => s.name === 'One issue per stack')!.stdout).toContain('Issue #1 is up to date');
    expect(api.calls.slice(before).filter((c) => !c.startsWith('GET'))).toEqual([]);
    expect(api.hooks).toHaveLength(1);

    // Night 4: the drift changes (a tag). The issue is updated with a comment, and the chat hears once.
    await oob('POST', `/itcare/compute/resources/${redisId()}/tags`, { tagKey: 'team', tagValue: 'payments' });
    await night();
    expect(api.github).toHaveLength(1);
    expect(api.github[0]!.body).toContain('tags.team');
    expect(api.github[0]!.comments).toEqual([expect.stringContaining('The drift changed')]);
    expect(api.hooks).toHaveLength(2);

    // The team accepts the live values into the manifests (a PR merges them); the next night closes the issue.
    const accept = await h.run(['drift', '--accept', 'repo/stacks/orders'], { env: { ORDERS_REDIS_PASSWORD: REDIS_PASSWORD } });
    expect(accept.code, accept.stdout + accept.stderr).toBe(0);
    await night();
    expect(api.github[0]!.state).toBe('closed');
    expect(api.github[0]!.comments.at(-1)).toContain('No drift any more');
    expect(api.hooks).toHaveLength(3);
    expect(fleetStatus()).toEqual([['orders-nightly', 'in-sync']]);

    // A failing night (wrong credentials) fails the job and leaves the issues alone.
    const calls = api.calls.length;
    const bad = await runGithubJob(wf, 'drift', { ...ctx, secrets: { ...ctx.secrets, ITCARE_CLIENT_SECRET: 'wrong-secret-xyz' } });
    expect(bad.code).toBe(1);
    expect(bad.steps.at(-1)!.stdout).toContain('caretaker drift exited 1');
    expect(api.calls.slice(calls).filter((c) => c.startsWith('/repos') || c.includes(' /repos'))).toEqual([]);
  });

  it('GitLab: the scheduled job keeps its history in the job cache and one issue per stack through the API', async () => {
    const ci = readWorkflow('examples/ci/gitlab/.gitlab-ci.yml');
    expect(ci.drift.cache).toMatchObject({ paths: [`${ci.drift.variables.HISTORY_DIR}/`], when: 'always' });
    expect(ci.drift.artifacts).toMatchObject({ when: 'always', paths: ['drift.jsonl', 'drift.md', 'drift.prom', 'drift-report.html'] });
    const env = {
      PATH: `${fakeToolchain(h.dir)}:${process.env.PATH}`, HOME: h.dir, ITCARE_ENDPOINT: h.sim.url, ITCARE_TOKEN_URL: h.sim.tokenUrl,
      CARETAKER_POLL_MS: '20', CARETAKER_HTTP_MIN_DELAY_MS: '5',
      ITCARE_CLIENT_ID: 'caretaker-sim', ITCARE_CLIENT_SECRET: CLIENT_SECRET, ORDERS_REDIS_PASSWORD: REDIS_PASSWORD, GITLAB_TOKEN,
      CI_API_V4_URL: `${api.url}/api/v4`, CI_PROJECT_ID: '42', CI_COMMIT_REF_SLUG: 'main', CI_JOB_URL: 'https://gitlab.example/acme/shop/-/jobs/9',
    };
    const night = async () => {
      const r = await runGitlabJob(ci, 'drift', repo(), env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      return r;
    };
    // The GitHub test left the stack in sync with accepted values; a fresh history for GitLab's job.
    h.write(`repo/${ci.drift.variables.HISTORY_DIR}/.keep`, '');
    const n1 = await night();
    expect(n1.stdout).toContain('caretaker drift exited 0');
    expect(api.gitlab).toEqual([]);

    await oob('PATCH', `/itcare/databases/redis/${redisId()}`, { operation: 'resize', options: { sizing: '8cpu16gb' } });
    const n2 = await night();
    expect(n2.stdout).toContain('Opened an issue: caretaker drift: orders-nightly');
    expect(api.gitlab).toHaveLength(1);
    expect(api.gitlab[0]!.body).toContain('nodeSizing');

    const n3 = await night();
    expect(n3.stdout).toContain('Issue #1 is up to date: the drift did not change');
    expect(api.gitlab[0]!.comments).toEqual([]);

    await oob('PATCH', `/itcare/databases/redis/${redisId()}`, { operation: 'resize', options: { sizing: '4cpu8gb' } });
    const n4 = await night();
    expect(n4.stdout).toContain('caretaker drift exited 0');
    expect(n4.stdout).toContain('Closed issue #1');
    expect(api.gitlab[0]).toMatchObject({ state: 'closed', comments: [expect.stringContaining('No drift any more')] });
    expect(fleetStatus()).toEqual([['orders-nightly', 'in-sync']]);

    const bad = await runGitlabJob(ci, 'drift', repo(), { ...env, ITCARE_CLIENT_SECRET: 'wrong-secret-xyz' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('caretaker drift exited 1');
  });
});
