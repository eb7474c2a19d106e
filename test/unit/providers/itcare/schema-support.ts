// What the schema tests of the kinds share: a kind's document validated with a Stack in service 46922
// through loadDesiredState, as the CLI does, and the diagnostics as `file:line:col: message` lines.
import { formatDiagnostic } from '../../../../src/core/diagnostics.js';
import { loadDesiredState } from '../../../../src/engine/desired.js';
import { createSchemaRegistry } from '../../../../src/schema/registry.js';
import { testdir } from '../../manifest/testdir.js';

const registry = createSchemaRegistry();

const STACK = `apiVersion: caretaker/v1
kind: Stack
metadata: { name: orders-qa }
spec:
  defaults: { serviceId: 46922, region: EB, area: EB-QA, networkId: 1234511 }
`;

/** The diagnostics of `doc.yaml` (one or more documents) beside the Stack; `env` for `${env:}`. */
export async function schemaLines(doc: string, env: Record<string, string> = {}): Promise<string[]> {
  const t = testdir({ 'stack.yaml': STACK, 'doc.yaml': doc });
  try {
    const r = await loadDesiredState(['.'], { cwd: t.dir, env, registry });
    return r.diagnostics.map(formatDiagnostic);
  } finally {
    t.remove();
  }
}

/** The field policy of a kind (its x-* keywords). */
export const policyOf = (kind: string) => registry.policy(kind);

/** A document of `kind` named `name` whose spec is `spec` (lines indented by two spaces). */
export const docOf = (kind: string, name: string, spec: string): string => `apiVersion: caretaker/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
${spec}`;
