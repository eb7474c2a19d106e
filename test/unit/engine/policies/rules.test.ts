// Policy files and documents (issue 22 item 1, "Bad input"): every problem a file:line:col diagnostic,
// all at once: not YAML, neither or both of deny/warn, an unknown variable, a syntax error (positioned
// in plain, quoted and block scalars), a document of another kind, a duplicate rule name, a missing file;
// and the checks of --override.
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../../src/core/diagnostics.js';
import { CaretakerError } from '../../../../src/core/errors.js';
import { loadDesiredState } from '../../../../src/engine/desired.js';
import { combineRules, loadPolicyFiles, policyFiles } from '../../../../src/engine/policies/load.js';
import { actorOf, makeOverrides } from '../../../../src/engine/policies/overrides.js';
import { createSchemaRegistry } from '../../../../src/schema/registry.js';
import { testdir, type TestDir } from '../../manifest/testdir.js';

const registry = createSchemaRegistry();
let t: TestDir | undefined;
afterEach(() => t?.remove());

const policy = (rules: string, name = 'org') => `apiVersion: caretaker/v1
kind: Policy
metadata:
  name: ${name}
spec:
  rules:
${rules}`;

async function lines(files: Record<string, string>, names: string[]) {
  t = testdir(files);
  const r = await loadPolicyFiles(names, { cwd: t.dir, registry });
  const all = combineRules(r.rules);
  return { rules: r.rules, lines: [...r.diagnostics, ...all.diagnostics].map(formatDiagnostic) };
}

describe('loadPolicyFiles', () => {
  const cases: Record<string, { reason: string; text: string; want: string[] }> = {
    NotYaml: { reason: 'a YAML error, at its position', text: 'apiVersion: caretaker/v1\nkind: [Policy\n', want: ['p.yaml:3:1: yaml: flow sequence in block collection must be sufficiently indented and end with a ]'] },
    Neither: {
      reason: 'a rule with neither deny nor warn, at the rule',
      text: policy('    - name: lonely\n      message: nothing to check\n'), want: ['p.yaml:7:7: rule "lonely" has neither deny nor warn: give exactly one of them'],
    },
    Both: {
      reason: 'a rule with both, at the rule',
      text: policy('    - name: twice\n      deny: plan.create > 0\n      warn: plan.create > 0\n'), want: ['p.yaml:7:7: rule "twice" has both deny and warn: give exactly one of them'],
    },
    UnknownVariable: {
      reason: 'an unknown variable, at its first character inside the expression',
      text: policy('    - name: typo\n      deny: change.action == "delete" && chnage.kind == "Redis"\n'),
      want: ['p.yaml:8:42: rule "typo": deny does not compile: unknown variable: chnage'],
    },
    QuotedScalar: {
      reason: 'a position inside a quoted expression counts the quote',
      text: policy('    - name: quoted\n      warn: "plan.create > 2 && oops"\n'), want: ['p.yaml:8:33: rule "quoted": warn does not compile: unknown variable: oops'],
    },
    BlockScalar: {
      reason: 'a position inside a folded block scalar is on its own line',
      text: policy('    - name: folded\n      deny: >-\n        change.action == "delete" &&\n        nope.x\n'), want: ['p.yaml:10:9: rule "folded": deny does not compile: unknown variable: nope'],
    },
    Syntax: {
      reason: 'a syntax error',
      text: policy('    - name: broken\n      deny: change.action ==\n'), want: ['p.yaml:8:29: rule "broken": deny does not compile: unexpected token: EOF'],
    },
    NotBoolean: {
      reason: 'a rule must be a boolean expression',
      text: policy('    - name: count\n      warn: plan.create + 1\n'), want: ['p.yaml:8:13: rule "count": warn does not compile: the expression is of type int: a rule must be a boolean expression'],
    },
    SchemaProblem: {
      reason: 'a field the schema does not know, with a did-you-mean',
      text: policy('    - name: a\n      deny: plan.create > 0\n      mesage: hi\n'), want: ['p.yaml:9:7: unknown field "mesage" in spec.rules.0; did you mean "message"?'],
    },
    OtherKind: {
      reason: 'a policy file holds only Policy documents',
      text: 'apiVersion: caretaker/v1\nkind: Stack\nmetadata: { name: x }\nspec: {}\n',
      want: ['p.yaml:2:7: a policy file holds only Policy documents (apiVersion: caretaker/v1, kind: Policy); this one is "Stack"'],
    },
    Duplicate: {
      reason: 'rule names are unique (an override names one)',
      text: policy('    - name: same\n      deny: plan.create > 0\n    - name: same\n      warn: plan.delete > 0\n'),
      want: ['p.yaml:10:1: rule name "same" is already used at p.yaml:8: rule names must be unique (an override names one)'],
    },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    const r = await lines({ 'p.yaml': c.text }, ['p.yaml']);
    expect(r.lines, c.reason).toEqual(c.want);
  });

  it('a missing file is an error naming it', async () => {
    expect((await lines({}, ['nope.yaml'])).lines).toEqual(['no such file or directory: nope.yaml']);
  });

  it('compiles the rules of a valid file, per change or per plan', async () => {
    const r = await lines({ 'p.yaml': policy('    - name: a\n      deny: change.action == "replace"\n      message: no\n    - name: b\n      warn: plan.irreversible > 3\n') }, ['p.yaml']);
    expect(r.lines).toEqual([]);
    expect(r.rules.map((x) => [x.name, x.effect, x.perChange, x.source, x.message])).toEqual([
      ['a', 'deny', true, 'p.yaml:8', 'no'], ['b', 'warn', false, 'p.yaml:11', undefined],
    ]);
  });
});

describe('Policy documents in the manifest set', () => {
  it('are validated with the set, reported with its other problems, and never interpolated', async () => {
    t = testdir({
      'stack.yaml': 'apiVersion: caretaker/v1\nkind: Stack\nmetadata: { name: orders }\nspec: { defaults: { serviceId: 46922 } }\n',
      'policy.yaml': policy('    - name: a\n      deny: change.name == "${env:NOT_READ}"\n    - name: b\n      deny: nope\n'),
    });
    const r = await loadDesiredState(['.'], { cwd: t.dir, env: {}, registry });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(['policy.yaml:10:13: rule "b": deny does not compile: unknown variable: nope']);
    expect(r.policies.map((x) => [x.name, x.expression])).toEqual([['a', 'change.name == "${env:NOT_READ}"']]);
  });
});

describe('policyFiles', () => {
  it('takes CARETAKER_POLICY (several, like PATH) then --policy, each once', () => {
    expect(policyFiles(['b.yaml', 'c.yaml'], { CARETAKER_POLICY: 'org/a.yaml:b.yaml' })).toEqual(['org/a.yaml', 'b.yaml', 'c.yaml']);
    expect(policyFiles(undefined, {})).toEqual([]);
  });
});

describe('makeOverrides', () => {
  const rules = [{ policy: 'p', name: 'irreversible-needs-override', effect: 'deny' as const, expression: 'x', source: 's', perChange: true, evaluate: () => true }];
  it('records each override with the reason, who and when', () => {
    expect(makeOverrides(['irreversible-needs-override'], ' planned with the DBA team ', rules, 'alice', '2026-01-01T00:00:00.000Z')).toEqual([
      { rule: 'irreversible-needs-override', reason: 'planned with the DBA team', actor: 'alice', at: '2026-01-01T00:00:00.000Z' },
    ]);
  });
  it('refuses a rule that does not exist (with a did-you-mean) and an override without a reason, both at once', () => {
    const run = () => makeOverrides(['irreversible-need-override'], undefined, rules, 'alice', 'x');
    expect(run).toThrow(CaretakerError);
    expect(run).toThrow(/--override "irreversible-need-override": no rule of the policies has this name; did you mean "irreversible-needs-override"\?\n--override needs --reason TEXT/);
  });
  it('says when no policy is loaded at all, and refuses --reason alone', () => {
    expect(() => makeOverrides(['x'], 'r', [], 'a', 'x')).toThrow(/no policy is loaded/);
    expect(() => makeOverrides([], 'r', rules, 'a', 'x')).toThrow(/--reason only makes sense with --override RULE/);
  });
  it('the actor is CARETAKER_ACTOR, else the user name', () => {
    expect(actorOf({ CARETAKER_ACTOR: 'ci-bot for @alice' })).toBe('ci-bot for @alice');
    expect(actorOf({})).not.toBe('');
  });
});
