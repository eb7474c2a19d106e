// Issue 20 item 5: ids are whole numbers within the safe-integer range in every schema. A 20-digit
// serviceId used to pass validation, was rounded to 1e+20 and sent as `services=1e+20`.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/core/diagnostics.js';
import { parseManifestText } from '../../../src/manifest/load.js';
import { createSchemaRegistry, defaultSchemaDir } from '../../../src/schema/registry.js';
import { issuesToDiagnostics } from '../../../src/schema/validate.js';

const registry = createSchemaRegistry();

/** Every integer property of a schema whose name says it is an id (`serviceId`, `networkId`, `id`…). */
function idFields(node: unknown, pointer: string, out: Array<{ pointer: string; schema: Record<string, unknown> }>): void {
  if (Array.isArray(node)) return node.forEach((n, i) => idFields(n, `${pointer}/${i}`, out));
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.properties && typeof o.properties === 'object') {
    for (const [k, v] of Object.entries(o.properties as Record<string, unknown>)) {
      const s = v as Record<string, unknown>;
      const integer = s.type === 'integer' || (Array.isArray(s.type) && s.type.includes('integer'));
      if (integer && (k === 'id' || /Id$/.test(k))) out.push({ pointer: `${pointer}/properties/${k}`, schema: s });
    }
  }
  for (const [k, v] of Object.entries(o)) idFields(v, `${pointer}/${k}`, out);
}

describe('id fields', () => {
  const kinds = readdirSync(defaultSchemaDir()).filter((f) => f.endsWith('.schema.json') && !/^(plan|machine-readable|drift-report)\./.test(f));
  it.each(kinds)('%s bounds every integer id to 1..2^53-1', (file) => {
    const fields: Array<{ pointer: string; schema: Record<string, unknown> }> = [];
    idFields(JSON.parse(readFileSync(path.join(defaultSchemaDir(), file), 'utf8')), '', fields);
    const unbounded = fields.filter((f) => f.schema.minimum !== 1 || f.schema.maximum !== Number.MAX_SAFE_INTEGER).map((f) => f.pointer);
    expect(unbounded).toEqual([]);
  });

  const doc = (serviceId: string) =>
    `apiVersion: caretaker/v1\nkind: Redis\nmetadata: {name: orderscache}\nspec:\n  serviceId: ${serviceId}\n  region: EB\n  area: EB-QA\n  networkId: 1234511\n` +
    '  nodeSizing: 2cpu4gb\n  diskSize: 40\n  redisVersion: 6.2.5\n  instanceCount: 1\n  persistenceMode: PERSISTENT\n  admPassword: Test123@2022\n';
  const validate = (serviceId: string) => {
    const [d] = parseManifestText(doc(serviceId), 'r.yaml', []);
    const issues = registry.validate('Redis', d!.value);
    return issuesToDiagnostics(issues, (p) => d!.sourceMap.rangeOf(p)).map(formatDiagnostic);
  };

  it('refuses a 20-digit serviceId at its position, before any request', () => {
    expect(validate('12345678901234567890')).toEqual([
      'r.yaml:5:14: spec.serviceId: must be a whole number from 1 to 9007199254740991 (ITCare ids are int64; caretaker sends ids up to 2^53-1 exactly) (got 12345678901234567000)',
    ]);
  });

  it('refuses 2^53 (which a double cannot tell from 2^53 + 1) and accepts 2^53 - 1', () => {
    expect(validate('9007199254740992')).toHaveLength(1);
    expect(validate('9007199254740993')).toHaveLength(1);
    expect(validate('9007199254740991')).toEqual([]);
  });
});
