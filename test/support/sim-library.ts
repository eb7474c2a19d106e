// Library-level tests against the simulator on 127.0.0.1: the ITCare provider over real HTTP, and a
// helper that writes manifests to a temporary directory, plans them and applies that plan.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { Provider } from '../../src/engine/provider.js';
import type { Plan } from '../../src/engine/plan.js';
import { createHttpClient, staticToken } from '../../src/http/index.js';
import type { HttpClient } from '../../src/http/types.js';
import { apply, loadManifests, plan, type PlanOptions } from '../../src/index.js';
import type { ManifestSet } from '../../src/manifest/types.js';
import { createItcareProvider } from '../../src/providers/itcare/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/start.js';
import { testdir, type TestDir } from '../unit/manifest/testdir.js';

/** A Stack in the simulator's seeded service 46922 (network 1234511, area EB-QA). */
export const stackIn46922 = (name: string) => `apiVersion: caretaker/v1
kind: Stack
metadata: { name: ${name} }
spec:
  defaults: { serviceId: 46922, region: EB, area: EB-QA, networkId: 1234511 }
`;

export interface Planned {
  plan: Plan;
  set: ManifestSet;
  /** Applies the plan and expects no failure. */
  run(): Promise<void>;
}

export interface SimLibrary {
  sim: RunningSimulator;
  http: HttpClient;
  providers: Map<string, Provider>;
  /** Writes `files` (replacing the previous set) when given, then plans the directory. */
  planFiles(files?: Record<string, string>, opts?: Pick<PlanOptions, 'mode' | 'targets'>): Promise<Planned>;
  close(): Promise<void>;
}

/** `env`: the environment `${env:…}` reads (e.g. the passwords of an example folder). */
export async function simLibrary(libOpts: { env?: Record<string, string> } = {}): Promise<SimLibrary> {
  const sim = await startSimulator({ actionMs: 0 });
  const http = createHttpClient({ baseUrl: sim.url, auth: staticToken('sim-token') });
  const providers = new Map<string, Provider>([['itcare', createItcareProvider({ http })]]);
  let dir: TestDir | undefined;
  return {
    sim, http, providers,
    async planFiles(files, opts = {}) {
      if (files) {
        dir?.remove();
        dir = testdir(files);
      }
      if (!dir) throw new Error('planFiles: no manifests written yet');
      const { set, registry } = await loadManifests(['.'], { cwd: dir.dir, env: libOpts.env ?? {} });
      const p = await plan(set, registry, { providers, ...opts });
      const run = async () => {
        const r = await apply(p, set, { providers, sink: () => {}, tracker: { minIntervalMs: 5, maxIntervalMs: 20 } });
        expect(r.failed).toEqual([]);
      };
      return { plan: p, set, run };
    },
    async close() {
      dir?.remove();
      await http.close();
      await sim.close();
    },
  };
}

/** The manifests of a folder (an example of examples/), by file name, for `planFiles`. */
export function folderFiles(dir: string): Record<string, string> {
  const root = resolve(import.meta.dirname, '..', '..', dir);
  return Object.fromEntries(readdirSync(root).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => [f, readFileSync(join(root, f), 'utf8')]));
}

/** Every operation summary of a plan, in order. */
export const summaries = (p: Plan) => p.changes.flatMap((c) => c.operations.map((o) => o.summary));
