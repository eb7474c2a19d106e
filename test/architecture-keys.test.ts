// No object is indexed with a key that may come from input (issue 20): a manifest key, a tag key, an API
// field or a saved plan's entry. `o[k]` with `k` of type string finds inherited members (`constructor`)
// and `o[k] = v` with k = `__proto__` replaces the prototype. The TypeScript checker reads every computed
// access in src/ (the simulator aside: it is a test double, not the product); such an access is allowed on
// an array, a Map, a string, or a null-prototype `Dict` (src/core/dict.ts), and otherwise only at the
// sites listed below, each with the reason its key is a constant of the code.
import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = resolve(ROOT, 'src');

/**
 * `file: expression` -> why the key is not input. An entry that matches nothing fails the test, so the
 * list cannot outlive the code it excuses.
 */
const ALLOWED: Record<string, string> = {
  'src/providers/itcare/common/phases.ts: phased[phase]': 'phase is a phase name written in the code at every call site (LB_PHASES, the shared PaaS phases, a kind descriptor\'s ownPhases)',
  'src/providers/itcare/common/phases.ts: phased[p]': 'p iterates the kind\'s constant phase order (flattenPhases refuses a phase outside it)',
};

const CONTAINERS = new Set(['Array', 'ReadonlyArray', 'Map', 'ReadonlyMap', 'Set', 'ReadonlySet', 'WeakMap', 'Uint8Array', 'Buffer', 'String']);

function isStringLike(t: ts.Type, checker: ts.TypeChecker): boolean {
  if (t.isUnion()) return t.types.some((x) => isStringLike(x, checker));
  if (t.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  if (t.flags & ts.TypeFlags.TypeParameter) {
    const c = checker.getBaseConstraintOfType(t);
    return c === undefined || c === t ? true : isStringLike(c, checker);
  }
  return false;
}

function isBranded(t: ts.Type, checker: ts.TypeChecker): boolean {
  const parts = t.isIntersection() || t.isUnion() ? t.types : [t];
  return parts.some((p) => checker.getPropertiesOfType(p).some((s) => String(s.escapedName).startsWith('__@DICT')));
}

function isSafeContainer(t: ts.Type, checker: ts.TypeChecker): boolean {
  if (t.isUnion()) return t.types.every((x) => x.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null) || isSafeContainer(x, checker));
  if (t.flags & ts.TypeFlags.StringLike) return true;
  if (checker.isArrayType(t) || checker.isTupleType(t)) return true;
  const name = (t.aliasSymbol ?? t.getSymbol())?.getName();
  return name !== undefined && CONTAINERS.has(name);
}

interface Finding {
  site: string;
  where: string;
}

function scan(): Finding[] {
  const config = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('cannot read tsconfig.json');
  const program = ts.createProgram(config.fileNames, config.options);
  const checker = program.getTypeChecker();
  const out: Finding[] = [];
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(SRC + '/')) continue;
    const rel = relative(ROOT, sf.fileName);
    if (rel.startsWith('src/simulator/') || rel === 'src/core/dict.ts') continue;
    const report = (n: ts.Node, what: string): void => {
      const { line } = sf.getLineAndCharacterOfPosition(n.getStart());
      out.push({ site: `${rel}: ${n.getText().replace(/\s+/g, ' ')}`, where: `${rel}:${line + 1} ${what}` });
    };
    const visit = (n: ts.Node): void => {
      if (ts.isElementAccessExpression(n)) {
        const key = checker.getTypeAtLocation(n.argumentExpression);
        const obj = checker.getTypeAtLocation(n.expression);
        if (isStringLike(key, checker) && !isSafeContainer(obj, checker) && !isBranded(obj, checker)) report(n, 'indexes a plain object with a string key');
      } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.InKeyword) {
        const key = checker.getTypeAtLocation(n.left);
        if (isStringLike(key, checker) && !isBranded(checker.getTypeAtLocation(n.right), checker)) report(n, '`in` finds inherited members');
      } else if ((ts.isObjectLiteralExpression(n) || ts.isAsExpression(n) || ts.isTypeAssertionExpression(n)) && isBranded(checker.getTypeAtLocation(n), checker)) {
        report(n, 'makes a Dict that is not a null-prototype object (use dict() or toDict())');
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

describe('architecture: objects indexed by input keys', () => {
  const findings = scan();

  it('indexes plain objects only with constant keys (a Dict, a Map, or an own-property read otherwise)', () => {
    const bad = findings.filter((f) => ALLOWED[f.site] === undefined).map((f) => f.where);
    expect(bad).toEqual([]);
  });

  it('has no stale entry in its list of allowed sites', () => {
    const seen = new Set(findings.map((f) => f.site));
    expect(Object.keys(ALLOWED).filter((s) => !seen.has(s))).toEqual([]);
  });
});
