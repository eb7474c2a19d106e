// `caretaker drift`: the drift report (engine/drift.ts) of the manifests; exit 0 in sync (or only
// acknowledged drift), 2 drift, 1 error. The drift-job flags (DESIGN §6a): --history, --notify,
// --metrics, --accept, --reconcile, --unmanaged. Only --reconcile writes to the API, through apply.
import { ExitError } from '../../core/errors.js';
import { buildDriftReport, type DriftReport, type ReconcileSummary } from '../../engine/drift.js';
import { createReadScope, type ReadScope } from '../../engine/provider.js';
import { policyVerdict, selectReconcilable, unsafeFields, withAcknowledgedIgnored, withIgnored } from '../../engine/reconcile.js';
import { unmanagedOf } from '../../engine/unmanaged.js';
import { checkSelection, planFromLive, refreshLive, type PolicyRule } from '../../index.js';
import type { ManifestSet } from '../../manifest/types.js';
import type { SchemaRegistry } from '../../schema/registry.js';
import { renderAcceptText } from '../../views/text/accept.js';
import { loadWithPolicies, readSelection, type SelectionFlags } from '../selection.js';
import type { ViewFormat } from '../../views/view.js';
import type { GlobalOptions, Runtime } from '../context.js';
import {
  acceptIntoManifests, loadDriftHistory, notifyDrift, prepareDriftJob, saveDriftHistory, saveDriftMetrics, type DriftJobFlags,
} from '../drift-job.js';
import { loadOrExit, manifestPaths, openSession, withRuntime, type Session } from '../session.js';
import { INTERRUPTED_EXIT, runApply } from './apply.js';
import { unsetSecretsNote } from '../../engine/unset-secrets.js';

export interface DriftFlags extends DriftJobFlags, SelectionFlags {
  format?: string;
  json?: boolean;
  jsonInto?: string;
  /** Policy files `--reconcile` must satisfy, besides CARETAKER_POLICY and the set's Policy documents. */
  policy?: string[];
}

interface ReadOptions {
  set: ManifestSet;
  registry: SchemaRegistry;
  paths: string[];
  flags: DriftFlags;
  /** `--target`/`--exclude` and their files, already read. */
  selection: { targets?: string[]; excludes?: string[] };
  /** The rules `--reconcile` evaluates (the set's Policy documents, --policy, CARETAKER_POLICY). */
  rules: readonly PolicyRule[];
  now: Date;
  self?: string;
}

/** One refresh, the report (with its history reads), and the unmanaged listing from the same lists. */
async function readReport(rt: Runtime, o: ReadOptions, reads: ReadScope): Promise<{ report: DriftReport; live: Awaited<ReturnType<typeof refreshLive>> }> {
  const opts = {
    providers: rt.providers, manifestPaths: manifestPaths(o.paths), prune: true, now: () => o.now, ...o.selection, refuseEmptyExclusion: false, reads,
  };
  const live = await refreshLive(o.set, opts);
  const p = planFromLive(o.set, o.registry, live, opts);
  const report = await buildDriftReport(p, o.set, { providers: rt.providers, today: o.now.toISOString().slice(0, 10), self: o.self });
  if (o.flags.unmanaged) {
    report.unmanaged = await unmanagedOf(o.set, { providers: rt.providers, owned: (k) => o.registry.policy(k).owned !== false, reads });
  }
  return { report, live };
}

/**
 * `--reconcile`: the plan without acknowledged drift; the changes the safety rule lets through, then
 * those the loaded policies do not deny (evaluated on that reversal plan, no override honoured),
 * applied through apply's machinery (journal, concurrent-run guard, Ctrl-C); then the report read again.
 */
async function reconcile(s: Session, rt: Runtime, o: ReadOptions, first: Awaited<ReturnType<typeof readReport>>): Promise<{ report: DriftReport; code?: number }> {
  const planOpts = {
    providers: rt.providers, prune: false, ...o.selection, refuseEmptyExclusion: false, manifestPaths: manifestPaths(o.paths), now: () => o.now,
  };
  const acked = withAcknowledgedIgnored(o.set, o.now.toISOString().slice(0, 10));
  // Fields whose own operations are unsafe are ignored, so that the safe rest of a resource is reversed.
  const unsafe = unsafeFields(planFromLive(acked, o.registry, first.live, planOpts), acked, first.live.observations, rt.providers);
  const set = withIgnored(acked, unsafe);
  const reversal = planFromLive(set, o.registry, first.live, planOpts);
  const targets = o.selection.targets;
  // The policies judge the plan reconcile would apply: the safe changes only.
  const verdict = policyVerdict(selectReconcilable(reversal, { targets }).plan, o.rules);
  const chosen = selectReconcilable(reversal, { policy: verdict.policy, targets });
  const fieldNotes = [...unsafe].flatMap(([address, fields]) => fields.map((f) => ({ address, reason: `${f.pointer.slice(1).replace(/\//g, '.')}: ${f.reason}` })));
  const summary: ReconcileSummary = {
    applied: chosen.allowed.map((c) => ({ address: c.address, operations: c.operations.map((op) => op.summary) })),
    leftAlone: [...fieldNotes, ...chosen.leftAlone].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)), failed: [],
    ...(o.rules.length > 0 ? { policyResults: verdict.results } : {}),
  };
  if (chosen.allowed.length === 0) {
    first.report.reconcile = summary;
    return { report: first.report };
  }
  const code = await runApply(s, chosen.plan, set, o.registry, rt.providers, { autoApprove: true }, undefined, rt.trackerMinIntervalMs);
  if (code === INTERRUPTED_EXIT) {
    first.report.reconcile = { ...summary, interrupted: true };
    return { report: first.report, code };
  }
  // What remains, read again (a fresh read scope: the writes made the old answers stale).
  const after = await readReport(rt, { ...o, now: new Date() }, createReadScope());
  if (code !== 0) summary.failed = chosen.allowed.map((c) => c.address).filter((a) => after.report.resources.some((r) => r.address === a && r.status === 'drifted'));
  if (first.report.unmanaged) after.report.unmanaged = first.report.unmanaged;
  after.report.reconcile = summary;
  return { report: after.report, code: code === 0 ? undefined : 1 };
}

function parseFormat(flags: DriftFlags): ViewFormat {
  // `--json` is an alias of `--format json`.
  if (flags.json && flags.format && flags.format !== 'text' && flags.format !== 'json') {
    throw new ExitError(1, `--json conflicts with --format ${flags.format}`);
  }
  const format = (flags.json ? 'json' : (flags.format ?? 'text')) as ViewFormat;
  if (!['text', 'json', 'markdown'].includes(format)) throw new ExitError(1, `--format must be text, json or markdown (got ${flags.format})`);
  return format;
}

/** Whether drift that counts is left once the accepted fields are in the manifests. */
function remainsAfterAccept(report: DriftReport, accepted: ReadonlySet<string>): boolean {
  return report.resources.some((r) => r.status === 'missing-live' || r.status === 'not-in-manifests'
    || (r.status === 'drifted' && r.fields.some((f) => (f.acknowledged === undefined || f.acknowledged.expired) && !accepted.has(`${r.address} ${f.path}`))));
}

export async function driftCommand(paths: string[], flags: DriftFlags, global: GlobalOptions): Promise<number> {
  const format = parseFormat(flags);
  if (flags.policy?.length && !flags.reconcile) throw new ExitError(1, '--policy needs --reconcile: drift reads policies only to judge what reconcile would change');
  const s = openSession(global, format, { jsonInto: flags.jsonInto });
  const job = await prepareDriftJob(flags, s.env, s.cwd);
  if (job.warning) s.views.error(job.warning);
  const selection = await readSelection(flags, s.cwd);
  // Policies matter only to --reconcile: a report-only run does not read CARETAKER_POLICY's files.
  const { set, registry, rules } = flags.reconcile ? await loadWithPolicies(s, paths, flags.policy) : { ...(await loadOrExit(s, paths)), rules: [] };
  checkSelection(selection, set.resources.map((r) => r.address));
  const previous = job.history ? await loadDriftHistory(job.history, s.cwd, set.stack.name) : undefined;
  if (previous?.warning) s.views.error(`Warning: ${previous.warning}`);
  const now = new Date();
  // caretaker's own history entries carry its OAuth2 client id: the causes are the entries after them.
  const o: ReadOptions = { set, registry, paths, flags, selection, rules, now, self: global.simulator ? 'caretaker-sim' : s.env.ITCARE_CLIENT_ID };
  let read: { report: DriftReport; code?: number };
  try {
    // --reconcile applies: its state folder must be writable before any read, as apply's.
    read = await withRuntime(s, set, async (rt) => {
      const first = await readReport(rt, o, createReadScope());
      return flags.reconcile ? reconcile(s, rt, o, first) : { report: first.report };
    }, { writes: flags.reconcile === true });
  } catch (err) {
    // The alerting system must see a failed run: errors 1, with the time of the run.
    if (job.metrics) await saveDriftMetrics({ stack: set.stack.name, at: now, errors: 1 }, job.metrics, s.cwd).catch(() => undefined);
    throw err;
  }
  const { report } = read;
  if (read.code === INTERRUPTED_EXIT) {
    s.views.error('Reconcile interrupted: the history, metrics and notification were left as they were; run drift again to see what remains.');
    return INTERRUPTED_EXIT;
  }
  // Drift sends nothing: secrets a create would need are only named (once), never required.
  const secretsNote = unsetSecretsNote(set);
  const notes: string[] = secretsNote ? [secretsNote] : [];
  const warnings: string[] = [];
  if (job.history && previous) {
    await saveDriftHistory(report, previous, job.history, s.cwd);
    notes.push(`History saved to ${job.history}.`);
  }
  let accepted = new Set<string>();
  let acceptText: string | undefined;
  if (flags.accept) {
    const { result, skipped } = await acceptIntoManifests(report, set, (k) => registry.policy(k), s.cwd, selection.targets);
    const written = new Set(result.files.map((f) => f.file).filter((f) => !skipped.some((x) => x.file === f)));
    accepted = new Set(result.accepted.filter((a) => written.has(a.file)).map((a) => `${a.address} ${a.path}`));
    acceptText = renderAcceptText(result, skipped);
  }
  if (job.metrics) {
    await saveDriftMetrics({ stack: set.stack.name, at: now, report, errors: 0 }, job.metrics, s.cwd);
    notes.push(`Metrics written to ${job.metrics}.`);
  }
  if (job.notify) {
    const sent = await notifyDrift(report, job.notify, job.notifyBudgetMs);
    if (sent.note) notes.push(sent.note);
    if (sent.warning) warnings.push(sent.warning);
  }
  for (const w of warnings) s.views.error(w);
  // A JSON stream (stdout, or the file of --json-into) ends with drift_summary: its notes come first.
  // A Markdown report is an issue body: its notes go to stderr. Text: the report, then the notes.
  const logged = [...(acceptText ? [acceptText.trimEnd()] : []), ...notes];
  if (format === 'json') {
    logged.forEach((n) => s.views.message(n));
    s.views.drift.drift(report);
  } else {
    logged.forEach((n) => s.views.json?.log(n));
    s.views.drift.drift(report);
    const out = format === 'markdown' ? s.terminal.err : s.terminal.out;
    if (acceptText) out.write(`\n${acceptText.trimEnd()}\n`);
    if (notes.length > 0) out.write(`\n${notes.join('\n')}\n`);
  }
  if (read.code !== undefined) return read.code;
  const remains = flags.accept ? report.drift && remainsAfterAccept(report, accepted) : report.drift;
  return remains ? 2 : 0;
}
