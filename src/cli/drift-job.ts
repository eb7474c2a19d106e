// The file and network side of the drift-job flags (DESIGN §6a): the history file, the metrics file,
// the notification, and the manifests `--accept` writes. Each file is replaced atomically; every
// destination is checked before the first network call.
import { stat, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { checkDestination, writeFileAtomic } from '../core/files.js';
import { acceptDrift, digestOf, sensitiveLiterals, type AcceptResult } from '../engine/accept.js';
import { own } from '../core/dict.js';
import { registerSecret } from '../core/secret.js';
import type { DriftReport } from '../engine/drift.js';
import { applyHistory, historyToJson, readHistory, type LoadedHistory } from '../engine/drift-history.js';
import type { ManifestSet } from '../manifest/types.js';
import type { FieldPolicy } from '../schema/policy.js';
import { renderDriftMetrics, type DriftMetricsInput } from '../views/metrics/prometheus.js';
import { slackMessage } from '../views/notify/slack.js';
import { durationSetting } from './durations.js';
import { NOTIFY_BUDGET_MS, notifyTarget, sendNotification } from './notify.js';

export interface DriftJobFlags {
  history?: string;
  notify?: string;
  metrics?: string;
  accept?: boolean;
  reconcile?: boolean;
  unmanaged?: boolean;
  target?: string[];
}

/** What a drift job will do, checked before any network call. */
export interface DriftJob {
  history?: string;
  metrics?: string;
  notify?: URL;
  /** Budget of the whole notification (CARETAKER_NOTIFY_TIMEOUT, default 10 s). */
  notifyBudgetMs?: number;
  /** A note for stderr (CARETAKER_NOTIFY_URL without --history). */
  warning?: string;
}

/** Flag conflicts, the webhook URL and the output destinations; throws a one-line error. */
export async function prepareDriftJob(flags: DriftJobFlags, env: Record<string, string | undefined>, cwd: string): Promise<DriftJob> {
  if (flags.accept && flags.reconcile) throw new ConfigError('--accept and --reconcile go opposite ways (live into the manifests, manifests onto live): choose one');
  const rawUrl = flags.notify ?? (env.CARETAKER_NOTIFY_URL || undefined);
  const job: DriftJob = {};
  if (rawUrl !== undefined) {
    const url = notifyTarget(rawUrl);
    if (!flags.history && flags.notify !== undefined) {
      throw new ConfigError('--notify needs --history FILE: it posts only when the drift changed since the last run, which the history tells');
    }
    // The variable is set for a whole job: a run without --history (e.g. the Markdown of an issue) does not notify.
    if (!flags.history) job.warning = 'Warning: CARETAKER_NOTIFY_URL is set but --history is not: no notification (it needs the history to know what changed)';
    else job.notify = url;
    job.notifyBudgetMs = durationSetting(undefined, '', env, 'CARETAKER_NOTIFY_TIMEOUT') ?? NOTIFY_BUDGET_MS;
  }
  if (flags.history) {
    await checkDestination(flags.history, cwd, 'the history file');
    job.history = flags.history;
  }
  if (flags.metrics) {
    await checkDestination(flags.metrics, cwd, 'the metrics file');
    job.metrics = flags.metrics;
  }
  return job;
}

/** Reads the history (missing: first run; corrupt: warning; foreign or unreadable: HistoryFileError). */
export function loadDriftHistory(file: string, cwd: string, stack: string): Promise<LoadedHistory> {
  return readHistory(file, cwd, stack);
}

/** Marks the report against the previous history and replaces the file with this run's. */
export async function saveDriftHistory(report: DriftReport, previous: LoadedHistory, file: string, cwd: string): Promise<void> {
  const next = applyHistory(report, previous.history, report.generatedAt);
  writeFileAtomic(file, historyToJson(next), { cwd });
}

export async function saveDriftMetrics(input: DriftMetricsInput, file: string, cwd: string): Promise<void> {
  writeFileAtomic(file, await renderDriftMetrics(input), { cwd });
}

/** Posts the message when the drift changed; returns the note to print (never the URL). */
export async function notifyDrift(report: DriftReport, url: URL, budgetMs?: number): Promise<{ note?: string; warning?: string }> {
  const h = report.history;
  if (!h?.changed) return { note: 'Notification not sent: the drift did not change since the last run.' };
  const failure = await sendNotification(url, slackMessage(report), { budgetMs });
  if (failure) return { warning: `Warning: the drift notification was not sent: ${failure}` };
  return { note: `Notification sent (${h.new} new, ${h.resolved.length} resolved).` };
}

/** A file left untouched by `--accept`, with the reason. */
export interface SkippedFile {
  file: string;
  reason: string;
}

const changedSinceRead = 'changed since the drift read it: nothing was written to it; run drift --accept again';

/**
 * `--accept`: reads the manifest files of the drifted resources, refuses the ones whose bytes differ
 * from what the drift read (`set.digests`), computes the edits, and writes each file atomically after
 * checking its bytes once more (its mode kept).
 */
export async function acceptIntoManifests(
  report: DriftReport, set: ManifestSet, policy: (kind: string) => FieldPolicy, cwd: string, targets?: readonly string[],
): Promise<{ result: AcceptResult; skipped: SkippedFile[] }> {
  // The printed diff shows lines around each edit: a password written in clear must not be one of them.
  for (const value of sensitiveLiterals(set, policy)) registerSecret(value);
  const files = new Set(set.resources.filter((r) => report.resources.some((x) => x.address === r.address && x.status === 'drifted')).map((r) => r.file));
  const texts = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  const unchanged = async (file: string): Promise<Buffer | undefined> => {
    const bytes = await readFile(resolve(cwd, file)).catch(() => undefined);
    return bytes && own(set.digests, file) === digestOf(bytes) ? bytes : undefined;
  };
  for (const file of [...files].sort()) {
    const bytes = await unchanged(file);
    if (bytes) texts.set(file, bytes.toString('utf8').replace(/^\uFEFF/, ''));
    else skipped.push({ file, reason: changedSinceRead });
  }
  const result = acceptDrift(report, set, texts, { policy, targets, unavailable: new Map(skipped.map((s) => [s.file, s.reason])) });
  for (const change of result.files) {
    // The same check right before the rename: an editor that saved meanwhile wins, and we say so.
    if (!(await unchanged(change.file))) {
      skipped.push({ file: change.file, reason: changedSinceRead });
      continue;
    }
    const mode = (await stat(resolve(cwd, change.file))).mode & 0o777;
    writeFileAtomic(change.file, change.after, { cwd, mode });
  }
  return { result, skipped };
}
