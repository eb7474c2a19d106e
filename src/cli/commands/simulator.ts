// `caretaker simulator`: serve the embedded simulator (ITCare and SCP Cache Store) on loopback until interrupted.
import { ExitError } from '../../core/errors.js';
import { SCP_DEFAULT_MAX_SKEW_MS, startSimulator } from '../../simulator/start.js';
import { parseDuration } from '../durations.js';
import type { GlobalOptions } from '../context.js';
import { openSession } from '../session.js';

export interface SimulatorFlags {
  port?: string;
  state?: string;
  latency?: string;
  actionMs?: string;
  faultRate?: string;
  maxInFlight?: string;
  scpMaxSkew?: string;
  scpCanonicalQuery?: boolean;
}

/** `--scp-max-skew`: a duration (`15m`, `90s`), or `0` for no check. */
function maxSkew(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (/^\s*0+\s*(ms|s|m|h)?\s*$/i.test(v)) return 0;
  try {
    return parseDuration(v, '--scp-max-skew');
  } catch (err) {
    throw new ExitError(1, `${(err as Error).message}, or 0 for no check`);
  }
}

export async function simulatorCommand(flags: SimulatorFlags, global: GlobalOptions): Promise<number> {
  const s = openSession(global, 'text');
  const num = (v: string | undefined, name: string, max: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > max) throw new ExitError(1, `--${name} must be a number between 0 and ${max} (got ${v})`);
    return n;
  };
  const port = num(flags.port, 'port', 65535);
  const sim = await startSimulator({
    port,
    stateFile: flags.state,
    requireWritableState: true,
    latencyMs: num(flags.latency, 'latency', 600_000),
    actionMs: num(flags.actionMs, 'action-ms', 3_600_000),
    faultRate: num(flags.faultRate, 'fault-rate', 1),
    maxInFlight: flags.maxInFlight === undefined ? undefined : Math.max(1, Math.floor(num(flags.maxInFlight, 'max-in-flight', 100_000)!)),
    scpMaxSkewMs: maxSkew(flags.scpMaxSkew),
    scpCanonicalQuery: flags.scpCanonicalQuery === true,
  }).catch((err: NodeJS.ErrnoException) => {
    // A port someone else listens on is an expected failure, said as such (not a bug with a stack).
    if (err?.code === 'EADDRINUSE') throw new ExitError(1, `port ${port} on 127.0.0.1 is busy (another process listens on it): choose another --port, or omit --port for a free one`);
    if (err?.code === 'EACCES') throw new ExitError(1, `port ${port} on 127.0.0.1 needs privileges this user does not have: choose a port above 1023`);
    throw err;
  });
  s.views.message(`Embedded ITCare simulator listening on ${sim.url}`);
  s.views.message(`  ITCARE_ENDPOINT=${sim.url} ITCARE_TOKEN_URL=${sim.tokenUrl}`);
  s.views.message('  credentials: ITCARE_CLIENT_ID=caretaker-sim ITCARE_CLIENT_SECRET=caretaker-sim-secret, or ITCARE_TOKEN=sim-token');
  // The SCP demo keys are the simulator's own, public by design (not a user secret).
  s.views.message(`SCP Cache Store API on the same port (paths /v1/...): SCP_ENDPOINT=${sim.scp.url} SCP_ACCESS_KEY=${sim.scp.accessKey} SCP_SECRET_KEY=${sim.scp.secretKey}`);
  const skew = flags.scpMaxSkew === undefined ? SCP_DEFAULT_MAX_SKEW_MS : maxSkew(flags.scpMaxSkew)!;
  s.views.message(`  SCP checks: Scp-ClientType Openapi; clock skew ${skew === 0 ? 'not checked' : `at most ±${Math.round(skew / 1000)} s (an assumption: SCP documents none)`}` +
    `${flags.scpCanonicalQuery ? '; signatures over the query in the SDK\'s canonical form' : ''}`);
  s.views.message('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}
