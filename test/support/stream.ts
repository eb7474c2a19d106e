// Validates caretaker's machine-readable output against the shipped JSON Schemas with ajv:
// every --json line against schemas/machine-readable.schema.json, saved plans against plan.schema.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ROOT } from './cli.js';

const load = (f: string) => JSON.parse(readFileSync(join(ROOT, 'schemas', f), 'utf8')) as Record<string, unknown>;

let compiled: { message: ValidateFunction; plan: ValidateFunction } | undefined;

function validators(): { message: ValidateFunction; plan: ValidateFunction } {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  ajv.addKeyword('x-output-format');
  addFormats.default(ajv);
  const plan = load('plan.schema.json');
  ajv.addSchema(plan).addSchema(load('drift-report.schema.json'));
  compiled = { message: ajv.compile(load('machine-readable.schema.json')), plan: ajv.getSchema(plan.$id as string)! };
  return compiled;
}

export type StreamMessage = { type: string; '@level': string; '@message': string } & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Parses a --json stdout: every line must be one JSON message valid against the schema, the first a
 * `version` line. Throws naming the line and the schema errors otherwise.
 */
export function parseStream(stdout: string, where = 'stdout'): StreamMessage[] {
  const { message } = validators();
  const lines = stdout.split('\n');
  if (lines.at(-1) !== '') throw new Error(`${where}: output does not end with a newline`);
  const out = lines.slice(0, -1).map((line, i) => {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`${where}: line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
    }
    if (!message(v)) throw new Error(`${where}: line ${i + 1} does not match the schema: ${JSON.stringify(message.errors?.slice(0, 5))}\n${line.slice(0, 400)}`);
    return v as StreamMessage;
  });
  if (out[0]?.type !== 'version') throw new Error(`${where}: the first line is not a version message`);
  return out;
}

/** Throws unless `value` is a valid saved plan document. */
export function assertPlanDocument(value: unknown, where = 'plan'): void {
  const { plan } = validators();
  if (!plan(value)) throw new Error(`${where} does not match schemas/plan.schema.json: ${JSON.stringify(plan.errors?.slice(0, 5))}`);
}

export const ofType = (msgs: StreamMessage[], type: string) => msgs.filter((m) => m.type === type);

/** The changes of a plan --json / show --json stream (each planned_change carries its change as in the plan document). */
export const changesOf = (msgs: StreamMessage[]) => ofType(msgs, 'planned_change').map((m) => m.change);

/** The drift report document, rebuilt from a drift --json stream (drift_summary plus the resource_drift lines). */
export function reportOf(msgs: StreamMessage[]): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const summary = ofType(msgs, 'drift_summary');
  if (summary.length !== 1) throw new Error(`expected one drift_summary, got ${summary.length}`);
  return { ...summary[0]!.report, resources: ofType(msgs, 'resource_drift').map((m) => m.resource) };
}
