// Policy rules (DESIGN §3): Policy documents -> compiled CEL rules, with every problem as a diagnostic at
// its file:line:col (a rule with neither or both of deny/warn, a duplicate name, an expression that does
// not parse or names an unknown variable). CEL is evaluated by @marcbachmann/cel-js; no I/O here.
import { Environment } from '@marcbachmann/cel-js';
import { error, type Diagnostic, type SourcePos } from '../../core/diagnostics.js';
import type { ManifestDocument } from '../../manifest/types.js';

/** The kind of the documents that hold rules. */
export const POLICY_KIND = 'Policy';

/** One compiled rule. `evaluate` returns the expression's value for the given variables (or throws). */
export interface PolicyRule {
  /** `metadata.name` of its Policy document. */
  policy: string;
  name: string;
  effect: 'deny' | 'warn';
  expression: string;
  message?: string;
  /** `file:line` of the rule's expression. */
  source: string;
  /** The rule names `change`: evaluated once per change; else once per plan. */
  perChange: boolean;
  evaluate(vars: Record<string, unknown>): unknown;
}

// The variables a rule may name: `change` (per-change rules) and `plan`. Values are maps: a field
// the plan does not have is an evaluation error, which counts against the rule (see evaluate.ts).
const PLAN_ONLY = new Environment({ homogeneousAggregateLiterals: false }).registerVariable('plan', 'map');
const WITH_CHANGE = new Environment({ homogeneousAggregateLiterals: false }).registerVariable('change', 'map').registerVariable('plan', 'map');

interface CelFailure {
  message: string;
  summary?: string;
  node?: { pos?: number; start?: number };
}

/** A CEL error without the source excerpt the library appends, lower-cased like every summary. */
export function celMessage(e: CelFailure): string {
  const line = (e.summary ?? e.message.split('\n')[0] ?? e.message).trim();
  return line.charAt(0).toLowerCase() + line.slice(1);
}

/** Compiles one expression: per-plan when it compiles with `plan` alone, per-change when it needs `change`. */
export function compileExpression(expression: string):
  { ok: true; perChange: boolean; evaluate: (vars: Record<string, unknown>) => unknown } | { ok: false; message: string; offset: number } {
  for (const [env, perChange] of [[PLAN_ONLY, false], [WITH_CHANGE, true]] as const) {
    const checked = env.check(expression) as { valid: boolean; type?: string; error?: CelFailure };
    if (!checked.valid) {
      if (!perChange) continue;
      const e = checked.error ?? { message: 'does not compile' };
      return { ok: false, message: celMessage(e), offset: e.node?.pos ?? e.node?.start ?? 0 };
    }
    if (checked.type !== 'bool' && checked.type !== 'dyn') {
      return { ok: false, message: `the expression is of type ${checked.type ?? 'unknown'}: a rule must be a boolean expression`, offset: 0 };
    }
    const program = env.parse(expression);
    return { ok: true, perChange, evaluate: (vars) => program(vars) };
  }
  return { ok: false, message: 'does not compile', offset: 0 };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The rules of one Policy document already checked against its schema. Reports, at their positions:
 * neither or both of deny/warn, and an expression that does not compile (at the failing character).
 */
export function compilePolicyDocument(doc: ManifestDocument, value: Record<string, unknown>): { rules: PolicyRule[]; diagnostics: Diagnostic[] } {
  const rules: PolicyRule[] = [];
  const diagnostics: Diagnostic[] = [];
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const policy = typeof metadata.name === 'string' ? metadata.name : '';
  const spec = isObject(value.spec) ? value.spec : {};
  const list = Array.isArray(spec.rules) ? spec.rules : [];
  list.forEach((raw, i) => {
    if (!isObject(raw) || typeof raw.name !== 'string') return;
    const at = `/spec/rules/${i}`;
    const has = (k: 'deny' | 'warn') => typeof raw[k] === 'string';
    if (has('deny') === has('warn')) {
      const what = has('deny') ? 'both deny and warn' : 'neither deny nor warn';
      diagnostics.push(error('policy', `rule ${JSON.stringify(raw.name)} has ${what}: give exactly one of them`, {
        path: at, range: doc.sourceMap.rangeOf(at),
      }));
      return;
    }
    const effect = has('deny') ? 'deny' : 'warn';
    const pointer = `${at}/${effect}`;
    const expression = raw[effect] as string;
    const start = doc.sourceMap.rangeOf(pointer);
    const source = `${doc.file}:${start?.start.line ?? 1}`;
    const compiled = compileExpression(expression);
    if (!compiled.ok) {
      const pos: SourcePos | undefined = doc.sourceMap.positionIn?.(pointer, compiled.offset) ?? start?.start;
      diagnostics.push(error('policy', `rule ${JSON.stringify(raw.name)}: ${effect} does not compile: ${compiled.message}`, {
        path: pointer, range: pos ? { file: doc.file, start: pos } : start,
      }));
      return;
    }
    rules.push({
      policy, name: raw.name, effect, expression, source, perChange: compiled.perChange, evaluate: compiled.evaluate,
      ...(typeof raw.message === 'string' ? { message: raw.message } : {}),
    });
  });
  return { rules, diagnostics };
}

/** Every rule name used twice across the run's policies, reported at its second and later uses. */
export function duplicateRules(rules: readonly PolicyRule[]): Diagnostic[] {
  const seen = new Map<string, PolicyRule>();
  const out: Diagnostic[] = [];
  for (const r of rules) {
    const first = seen.get(r.name);
    if (!first) {
      seen.set(r.name, r);
      continue;
    }
    const [file, line] = splitSource(r.source);
    out.push(error('policy', `rule name ${JSON.stringify(r.name)} is already used at ${first.source}: rule names must be unique (an override names one)`, {
      range: { file, start: { line, col: 1 } },
    }));
  }
  return out;
}

function splitSource(source: string): [string, number] {
  const i = source.lastIndexOf(':');
  return [source.slice(0, i), Number(source.slice(i + 1)) || 1];
}
