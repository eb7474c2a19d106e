// Schema cases through the real loader: documents written to a temporary folder, loaded with a Stack of
// service 46922, and the diagnostics as the CLI prints them (`file:line:col: message`).
import { formatDiagnostic } from '../../../../src/core/diagnostics.js';
import { loadDesiredState } from '../../../../src/engine/desired.js';
import { createSchemaRegistry } from '../../../../src/schema/registry.js';
import { testdir } from '../../manifest/testdir.js';

const registry = createSchemaRegistry();

export const STACK = `apiVersion: caretaker/v1
kind: Stack
metadata: { name: estate-qa }
spec:
  defaults: { serviceId: 46922, region: EB, area: EB-QA, networkId: 1234511 }
`;

/** A document of `kind` named `name` whose spec is `spec` (lines indented by two spaces). */
export const docOf = (kind: string, name: string, spec: string) => `apiVersion: caretaker/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
${spec}`;

/** The diagnostics of loading `stack.yaml` and `doc.yaml`, formatted, with `env` for `${env:…}`. */
export async function diagnosticsOf(doc: string, env: Record<string, string> = {}): Promise<string[]> {
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
