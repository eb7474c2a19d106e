// Runs the example CI workflows of examples/ci/ the way their CI would, step by step: GitHub Actions
// `run:` steps (bash -eo pipefail, GITHUB_OUTPUT, ${{ }} expressions for secrets, steps, matrix and
// needs) and GitLab CI scripts (before_script + script, variables). Steps that `uses:` an action are not
// run: the caller sees them (`uses`, `with`) to check what would be commented or uploaded.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './cli.js';

export interface StepResult {
  name: string;
  code: number;
  stdout: string;
  stderr: string;
}

export interface JobResult {
  /** The exit code of the first failing step, 0 when every step passed. */
  code: number;
  steps: StepResult[];
  /** Action steps that were not run, in order. */
  actions: Array<{ uses: string; with: Record<string, unknown> }>;
  outputs: Record<string, Record<string, string>>;
  /** What the job wrote to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

/** A bin directory whose `npm install --global caretaker@X` installs this build as `caretaker`. */
export function fakeToolchain(dir: string): string {
  const bin = join(dir, '.ci-bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'npm'), `#!/bin/sh
if [ "$1" = install ] && [ "$2" = --global ] && echo "$3" | grep -q '^caretaker@'; then
  # Written aside, then renamed: parallel jobs install it while others run it (no "text file busy", exit 126).
  printf '#!/bin/sh\\nexec "%s" "%s" "$@"\\n' "${process.execPath}" "${join(ROOT, 'dist', 'cli', 'main.js')}" > "${bin}/caretaker.$$"
  chmod +x "${bin}/caretaker.$$"
  mv -f "${bin}/caretaker.$$" "${bin}/caretaker"
  exit 0
fi
echo "fake npm: only 'npm install --global caretaker@VERSION' is available in the CI test" >&2
exit 1
`);
  chmodSync(join(bin, 'npm'), 0o755);
  return bin;
}

export function readWorkflow(file: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  return parse(readFileSync(join(ROOT, file), 'utf8'));
}

export function sh(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export interface GithubContext {
  cwd: string;
  env: Record<string, string>;
  secrets: Record<string, string>;
  github?: Record<string, unknown>;
  matrix?: Record<string, string>;
  needs?: Record<string, { outputs: Record<string, string> }>;
  jobIndex?: number;
}

function lookup(root: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
}

/** Evaluates the `${{ }}` expressions the example workflows use; any other expression is an error. */
function expand(value: string, ctx: GithubContext, steps: Record<string, Record<string, string>>): string {
  return value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, expr: string) => {
    const fromJson = /^fromJSON\((.+)\)$/.exec(expr);
    const e = fromJson ? fromJson[1]! : expr;
    const [head, ...rest] = e.split('.');
    const roots: Record<string, unknown> = {
      secrets: ctx.secrets, github: ctx.github ?? {}, matrix: ctx.matrix ?? {}, needs: ctx.needs ?? {},
      steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, { outputs: v }])), strategy: { 'job-index': ctx.jobIndex ?? 0 },
    };
    if (!(head! in roots)) throw new Error(`unsupported expression in workflow: ${expr}`);
    const v = lookup(roots[head!], rest);
    return v === undefined ? '' : String(v);
  });
}

function parseOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/**
 * Whether a step runs, from its `if:` status function: `always()` always, `failure()` only after a failed
 * step, none (or `success()`) only while every step passed. Any other condition is not supported here.
 */
function stepRuns(cond: unknown, failed: boolean): boolean {
  const c = String(cond ?? '').trim();
  if (c === '' || c === 'success()') return !failed;
  if (c === 'always()') return true;
  if (c === 'failure()') return failed;
  throw new Error(`unsupported step condition in workflow: ${c}`);
}

/** Runs one job of a GitHub Actions workflow, evaluating the steps' `always()` / `failure()` / `success()`. */
export async function runGithubJob(workflow: any, job: string, ctx: GithubContext): Promise<JobResult> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const j = workflow.jobs[job];
  if (!j) throw new Error(`no job ${job}`);
  const res: JobResult = { code: 0, steps: [], actions: [], outputs: {}, summary: '' };
  const ghDir = join(ctx.cwd, '.github-runner', job);
  mkdirSync(ghDir, { recursive: true });
  writeFileSync(join(ghDir, 'summary'), '');
  for (const [i, step] of (j.steps as any[]).entries()) { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!stepRuns(step.if, res.code !== 0)) continue;
    const withs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), ctx, res.outputs)]));
    if (step.uses) {
      res.actions.push({ uses: step.uses, with: withs });
      continue;
    }
    const output = join(ghDir, `output-${i}`);
    const summary = join(ghDir, 'summary');
    writeFileSync(output, '');
    const env: Record<string, string> = { ...ctx.env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: 'true', CI: 'true' };
    for (const scope of [workflow.env, j.env, step.env]) {
      for (const [k, v] of Object.entries(scope ?? {})) env[k] = expand(String(v), ctx, res.outputs);
    }
    const r = await sh(String(step.run), ctx.cwd, env);
    res.steps.push({ name: step.name ?? String(step.run).split('\n')[0], ...r });
    if (step.id) res.outputs[step.id] = parseOutputs(output);
    if (r.code !== 0 && res.code === 0) res.code = r.code;
  }
  res.summary = readFileSync(join(ghDir, 'summary'), 'utf8');
  return res;
}

/** The outputs a job declares (`jobs.X.outputs`), evaluated from its steps' outputs. */
export function githubJobOutputs(workflow: any, job: string, result: JobResult, ctx: GithubContext): Record<string, string> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return Object.fromEntries(Object.entries(workflow.jobs[job].outputs ?? {}).map(([k, v]) => [k, expand(String(v), ctx, result.outputs)]));
}

/** Runs one GitLab CI job: (default) before_script and script as one `bash -eo pipefail` script. */
export async function runGitlabJob(pipeline: any, job: string, cwd: string, env: Record<string, string>): Promise<StepResult> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const j = pipeline[job];
  if (!j?.script) throw new Error(`no job ${job}`);
  const before: string[] = j.before_script ?? pipeline.default?.before_script ?? [];
  const vars: Record<string, string> = { ...env, GITLAB_CI: 'true', CI: 'true', CI_JOB_NAME: job };
  for (const scope of [pipeline.variables, j.variables]) for (const [k, v] of Object.entries(scope ?? {})) vars[k] = String(v);
  const r = await sh([...before, ...j.script].join('\n'), cwd, vars);
  return { name: job, ...r };
}
