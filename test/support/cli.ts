// Runs the built CLI (dist/cli/main.js) as a child process against a simulator on 127.0.0.1, and
// checks every output for the secrets the test registered: a leak fails the test that caused it.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/start.js';

/** The OAuth2 client secret of the test simulator: a secret like any other, grepped for in every output. */
export const CLIENT_SECRET = 'e2e-client-secret-Zq9x';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Harness {
  sim: RunningSimulator;
  dir: string;
  env: Record<string, string>;
  secrets: string[];
  /** Every output of every run, for a final grep. */
  outputs: string[];
  run(args: string[], opts?: { env?: Record<string, string>; unset?: string[]; input?: string; onSpawn?: (child: ChildProcess) => void; cwd?: string }): Promise<CliResult>;
  write(file: string, text: string): void;
  /** Mutating API requests (POST/PUT/PATCH/DELETE under /itcare) seen by the simulator since `since`. */
  writes(since?: number): Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

export async function harness(opts: { sim?: SimulatorOptions; secrets?: Record<string, string>; fixture?: string } = {}): Promise<Harness> {
  const sim = await startSimulator({ actionMs: 40, clientSecret: CLIENT_SECRET, ...opts.sim });
  const dir = mkdtempSync(join(tmpdir(), 'caretaker-e2e-'));
  // The fixture's manifests only: a `.caretaker` state folder left there by `npm run quickstart` (the
  // README's first command) is a local run's state, not part of the example.
  if (opts.fixture) cpSync(join(ROOT, opts.fixture), dir, { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('.caretaker') });
  const secrets = { ...opts.secrets, ITCARE_CLIENT_SECRET: CLIENT_SECRET };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    NO_COLOR: '1',
    ITCARE_ENDPOINT: sim.url,
    ITCARE_TOKEN_URL: sim.tokenUrl,
    ITCARE_CLIENT_ID: 'caretaker-sim',
    CARETAKER_POLL_MS: '20',
    CARETAKER_HTTP_MIN_DELAY_MS: '5',
    ...secrets,
  };
  const h: Harness = {
    sim, dir, env, secrets: Object.values(secrets), outputs: [],
    run(args, o = {}) {
      return new Promise((resolveRun, reject) => {
        const childEnv: Record<string, string> = { ...env, ...o.env };
        for (const k of o.unset ?? []) delete childEnv[k];
        const child = spawn(process.execPath, [CLI, ...args], { cwd: o.cwd ? join(dir, o.cwd) : dir, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
        o.onSpawn?.(child);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          h.outputs.push(stdout, stderr);
          try {
            assertNoSecret(h, `caretaker ${args.join(' ')}`, stdout + stderr);
          } catch (err) {
            reject(err);
            return;
          }
          resolveRun({ code: code ?? -1, stdout, stderr });
        });
        child.stdin.end(o.input ?? '');
      });
    },
    write(file, text) {
      const p = join(dir, file);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    },
    writes(since = 0) {
      return sim.requests.slice(since).filter((r) => r.path.startsWith('/itcare/') && r.method !== 'GET' && r.method !== 'HEAD');
    },
    async close() {
      // Saved plan files and anything else written in the work dir must not hold a secret either.
      for (const f of walk(dir)) assertNoSecret(h, f, readFileSync(f, 'utf8'));
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    // The simulator's database is the fake API's own storage; secrets/ holds ${file:…} sources.
    // The run journal (.caretaker/journal.json) is caretaker's own file: it is checked like any other.
    if (f === 'secrets' || (f === 'simulator.json' && dir.endsWith('.caretaker'))) return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/**
 * The forms a secret may leak in, computed here independently of src/core/secret.ts: as written,
 * JSON-escaped (plain and `\u`), URL-encoded, hex and base64/base64url at the three byte alignments
 * (the characters that depend on the secret alone, minus one at each end to stay clear of neighbours).
 */
export function leakForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), new URLSearchParams({ x: secret }).toString().slice(2),
    secret.replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64').replace(/=+$/, '');
    const core = b64.slice(k === 0 ? 0 : k + 1, -2);
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set(forms)];
}

/** Fails when `text` holds a registered secret in any form of leakForms, or any 12 consecutive characters of one. */
export function assertNoSecret(h: Pick<Harness, 'secrets'>, where: string, text: string): void {
  for (const s of h.secrets) {
    if (s && text.includes(s)) throw new Error(`secret leaked in ${where}`);
    // A secret cut short (an error text shortened before scrubbing) leaks in part: look for its head too.
    const head = s.slice(0, Math.ceil(s.length * 0.6));
    if (head.length >= 8 && text.includes(head)) throw new Error(`secret leaked in part in ${where}`);
    for (const form of s.length >= 12 ? leakForms(s) : []) {
      for (let i = 0; i + 12 <= form.length; i++) {
        if (text.includes(form.slice(i, i + 12))) throw new Error(`secret leaked in ${where}: 12 characters of an encoded form (${form === s ? 'as written' : 'encoded'}) at offset ${i}`);
      }
    }
  }
}
