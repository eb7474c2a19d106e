// The drift job's metrics in the Prometheus text exposition format (DESIGN §6a), for the node-exporter
// textfile collector or a Pushgateway. prom-client writes the format (HELP, TYPE, label escaping) from a
// registry of its own per run; nothing is global and no collector or timer is started.
import { Gauge, Registry } from 'prom-client';
import type { DriftReport } from '../../engine/drift.js';

/** What one run knows: a report when it got one, else only that it failed. */
export interface DriftMetricsInput {
  stack: string;
  /** When the run read the live state (or failed). */
  at: Date;
  report?: DriftReport;
  /** Errors of the run (1 when it failed before a report). */
  errors: number;
}

const HELP = {
  resources: 'Resources whose drift counts (drifted fields, missing live, owned but in no manifest), from the last caretaker drift run.',
  fields: 'Drifted fields that count (acknowledged ones excluded).',
  oldest: 'Age in seconds of the oldest drift that counts, from the drift history (drift --history); 0 without drift.',
  unmanaged: "Live resources of the stack's services with no caretaker-stack tag (drift --unmanaged).",
  lastRun: 'When the last drift run read the live state (Unix time).',
  errors: 'Errors of the last drift run: 1 when it failed (its other gauges are then absent).',
} as const;

function counting(r: DriftReport): number {
  return r.resources.reduce((n, x) => n + (x.status === 'drifted' ? x.fields.filter((f) => f.acknowledged === undefined || f.acknowledged.expired).length : 0), 0);
}

/**
 * The exposition text. Gauges a run cannot know are left without a sample (the oldest drift without
 * `--history`, unmanaged resources without `--unmanaged`, everything but the errors after a failure).
 */
export async function renderDriftMetrics(input: DriftMetricsInput): Promise<string> {
  const registry = new Registry();
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['stack'], registers: [registry] });
  const labels = { stack: input.stack };
  const resources = gauge('caretaker_drift_resources', HELP.resources);
  const fields = gauge('caretaker_drift_fields', HELP.fields);
  const oldest = gauge('caretaker_drift_oldest_seconds', HELP.oldest);
  const unmanaged = gauge('caretaker_drift_unmanaged_resources', HELP.unmanaged);
  gauge('caretaker_drift_last_run_timestamp_seconds', HELP.lastRun).set(labels, Math.floor(input.at.getTime() / 1000));
  gauge('caretaker_drift_errors', HELP.errors).set(labels, input.errors);
  const r = input.report;
  if (r) {
    resources.set(labels, r.summary.drifted + r.summary.missingLive + r.summary.notInManifests);
    fields.set(labels, counting(r));
    if (r.history) {
      const first = r.history.oldestFirstSeen;
      oldest.set(labels, first === undefined ? 0 : Math.max(0, Math.floor((Date.parse(r.generatedAt) - Date.parse(first)) / 1000)));
    }
    if (r.unmanaged) unmanaged.set(labels, r.unmanaged.resources.length);
  }
  return registry.metrics();
}
