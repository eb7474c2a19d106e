import { describe, expect, it } from 'vitest';
import { error, warning, type Diagnostic } from '../../../../src/core/diagnostics.js';
import { renderDiagnosticsText } from '../../../../src/views/text/diagnostics.js';

const at = (file: string, line: number, col: number) => ({ range: { file, start: { line, col } } });

const diags: Diagnostic[] = [
  error('unknown-field', 'unknown field spec.nodeSizng', { ...at('manifests/redis.yaml', 9, 3), detail: 'did you mean "nodeSizing"?', address: 'Redis/orders-cache' }),
  error('schema', 'spec.diskSize must be >= 40', { ...at('manifests/redis.yaml', 7, 13), path: '/spec/diskSize' }),
  error('reference', 'dangling reference KubernetesCluster/web', { ...at('manifests/lb.yaml', 12, 14), detail: 'no document declares KubernetesCluster/web\nknown: KubernetesCluster/api' }),
  warning('deprecated', 'spec.onCallSupervision is ignored when monitoringEnabled is false', at('manifests/redis.yaml', 11, 3)),
  error('duplicate', 'Redis/orders-cache is declared twice', { address: 'Redis/orders-cache' }),
  error('interpolation', 'environment variable ORDERS_REDIS_PASSWORD is not set'),
];

describe('renderDiagnosticsText', () => {
  it('sorted file:line:col lines with details and a count (golden)', async () => {
    await expect(renderDiagnosticsText(diags, { color: false })).toMatchFileSnapshot('../../../golden/text/diagnostics.txt');
  });

  const counts: Record<string, { reason: string; diags: Diagnostic[]; want: string }> = {
    one: { reason: 'singular', diags: [error('schema', 'x')], want: '1 error' },
    warningsOnly: { reason: 'no error count when there is none', diags: [warning('w', 'a'), warning('w', 'b')], want: '2 warnings' },
    both: { reason: 'errors first', diags: [warning('w', 'a'), error('e', 'b'), error('e', 'c')], want: '2 errors, 1 warning' },
  };
  it.each(Object.entries(counts))('count line: %s', (_name, { diags, want }) => {
    expect(renderDiagnosticsText(diags, { color: false }).trimEnd().split('\n').at(-1)).toBe(want);
  });

  it('prints nothing for no diagnostics', () => {
    expect(renderDiagnosticsText([], { color: false })).toBe('');
  });

  it('is independent of input order', () => {
    expect(renderDiagnosticsText([...diags].reverse(), { color: false })).toBe(renderDiagnosticsText(diags, { color: false }));
  });
});
