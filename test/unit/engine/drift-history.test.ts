// The drift history's transitions (new -> persistent -> resolved, a value that moves, acknowledged
// drift leaving it) and how a history file is read: missing, corrupt (a warning), foreign (refused).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { driftReportOf, type DriftReport } from '../../../src/engine/drift.js';
import { applyHistory, HISTORY_SCHEMA, HistoryFileError, parseHistory, type DriftHistory } from '../../../src/engine/drift-history.js';
import { change, planOf, redisPrune } from '../../support/plans.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validHistory = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'drift-history.schema.json'), 'utf8')));
const validReport = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'drift-report.schema.json'), 'utf8')));

const T1 = '2026-12-01T02:00:00.000Z';
const T2 = '2026-12-02T02:00:00.000Z';
const T3 = '2026-12-03T02:00:00.000Z';

/** A report at `at` of Redis/cache with the given drifted fields (`/nodeSizing` -> live value). */
function report(at: string, fields: Record<string, string>, extra: Parameters<typeof planOf>[0] = []): DriftReport {
  const diff = Object.entries(fields).map(([path, live]) => ({ op: 'replace' as const, path, from: live, value: 'want' }));
  const changes = diff.length > 0 ? [change({ address: 'Redis/cache', action: 'update', id: 7, diff }), ...extra] : extra;
  const r = driftReportOf(planOf(changes, { createdAt: at }), { resources: [] }, at.slice(0, 10));
  return r;
}

describe('applyHistory', () => {
  it('first run: every drift is new and firstSeen is now; the file validates', () => {
    const r = report(T1, { '/nodeSizing': '4cpu8gb' }, [redisPrune()]);
    const h = applyHistory(r, undefined, T1);
    expect(r.resources.find((x) => x.address === 'Redis/cache')!.fields[0]!.history).toEqual({ state: 'new', firstSeen: T1 });
    expect(r.resources.find((x) => x.status === 'not-in-manifests')!.history).toEqual({ state: 'new', firstSeen: T1 });
    expect(r.history).toMatchObject({ new: 2, persistent: 0, resolved: [], changed: true, firstRun: true, oldestFirstSeen: T1 });
    expect(validHistory(JSON.parse(JSON.stringify(h))), JSON.stringify(validHistory.errors)).toBe(true);
    expect(validReport(JSON.parse(JSON.stringify(r))), JSON.stringify(validReport.errors)).toBe(true);
    expect(JSON.stringify(h)).not.toContain('4cpu8gb');
  });

  it('the same drift again: persistent since the first run, nothing changed', () => {
    const h1 = applyHistory(report(T1, { '/nodeSizing': '4cpu8gb' }), undefined, T1);
    const r2 = report(T2, { '/nodeSizing': '4cpu8gb' });
    const h2 = applyHistory(r2, h1, T2);
    expect(r2.resources[0]!.fields[0]!.history).toEqual({ state: 'persistent', firstSeen: T1 });
    expect(r2.history).toEqual({ new: 0, persistent: 1, resolved: [], changed: false, oldestFirstSeen: T1 });
    expect(h2.items[0]).toMatchObject({ firstSeen: T1, lastSeen: T2 });
  });

  it('a drifted value that moves is persistent but changed', () => {
    const h1 = applyHistory(report(T1, { '/nodeSizing': '4cpu8gb' }), undefined, T1);
    const r2 = report(T2, { '/nodeSizing': '8cpu16gb' });
    applyHistory(r2, h1, T2);
    expect(r2.resources[0]!.fields[0]!.history).toEqual({ state: 'persistent', firstSeen: T1, valueChanged: true });
    expect(r2.history!.changed).toBe(true);
  });

  it('drift that is gone is resolved (with when it was first and last seen) and leaves the file', () => {
    const h1 = applyHistory(report(T1, { '/nodeSizing': '4cpu8gb', '/diskSize': '80' }), undefined, T1);
    const h2 = applyHistory(report(T2, { '/nodeSizing': '4cpu8gb', '/diskSize': '80' }), h1, T2);
    const r3 = report(T3, { '/nodeSizing': '4cpu8gb' });
    const h3 = applyHistory(r3, h2, T3);
    expect(r3.history!.resolved).toEqual([{ address: 'Redis/cache', path: 'spec.diskSize', status: 'drifted', firstSeen: T1, lastSeen: T2 }]);
    expect(r3.history!.changed).toBe(true);
    expect(h3.items.map((i) => i.path)).toEqual(['spec.nodeSizing']);
  });

  it('an acknowledged field is not drift for the history (it resolves when acknowledged)', () => {
    const h1 = applyHistory(report(T1, { '/nodeSizing': '4cpu8gb' }), undefined, T1);
    const r2 = driftReportOf(planOf([change({ address: 'Redis/cache', action: 'update', id: 7, diff: [{ op: 'replace', path: '/nodeSizing', from: '4cpu8gb', value: 'x' }] })], { createdAt: T2 }),
      { resources: [{ address: 'Redis/cache', lifecycle: { preventDestroy: false, ignoreChanges: [], ignoreDrift: [{ path: '/nodeSizing', written: 'spec.nodeSizing', reason: 'ok', until: '2999-01-01' }] } } as never] }, '2026-12-02');
    const h2 = applyHistory(r2, h1, T2);
    expect(h2.items).toEqual([]);
    expect(r2.history!.resolved).toHaveLength(1);
  });
});

describe('parseHistory', () => {
  const good: DriftHistory = { $schema: HISTORY_SCHEMA, formatVersion: 1, stack: 'orders', updatedAt: T1, items: [] };
  const cases: Record<string, { reason: string; text: string; want: 'ok' | 'warning' | RegExp }> = {
    good: { reason: 'a history of this stack', text: JSON.stringify(good), want: 'ok' },
    truncated: { reason: 'not JSON (cut short): corrupt, a fresh history', text: JSON.stringify(good).slice(0, 30), want: 'warning' },
    malformed: { reason: 'ours but with a bad item: corrupt', text: JSON.stringify({ ...good, items: [{ address: 1 }] }), want: 'warning' },
    foreign: { reason: 'valid JSON that is not a history: never overwritten', text: '{"name":"pkg"}', want: /is not a caretaker drift history/ },
    array: { reason: 'a JSON array is not ours either', text: '[1,2]', want: /is not a caretaker drift history/ },
    otherStack: { reason: 'another stack\'s history', text: JSON.stringify({ ...good, stack: 'billing' }), want: /belongs to stack billing, not orders/ },
    newer: { reason: 'a newer format this version cannot read', text: JSON.stringify({ ...good, formatVersion: 2 }), want: /newer than this caretaker reads/ },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    if (c.want instanceof RegExp) {
      expect(() => parseHistory(c.text, 'h.json', 'orders'), c.reason).toThrow(HistoryFileError);
      expect(() => parseHistory(c.text, 'h.json', 'orders')).toThrow(c.want);
      return;
    }
    const r = parseHistory(c.text, 'h.json', 'orders');
    if (c.want === 'ok') expect(r, c.reason).toEqual({ history: good });
    else expect(r.warning, c.reason).toMatch(/^the history file h\.json is corrupt/);
  });
});
