// The drift report builder: acknowledged drift (by field or by parent path) and its expiry, the
// causes after caretaker's own last change, the counts behind the exit code, and the documented
// JSON Schema (schemas/drift-report.schema.json) that every report must satisfy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { addCauses, attributeCauses, causesOf, driftReportOf, type DriftField, type DriftReport } from '../../../src/engine/drift.js';
import type { HistoryEntry, Provider } from '../../../src/engine/provider.js';
import type { IgnoreDrift, ResourceManifest } from '../../../src/manifest/types.js';
import { change, mixedPlan, planOf, redisPrune, unchanged } from '../../support/plans.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'drift-report.schema.json'), 'utf8')));
const valid = (r: DriftReport) => {
  expect(validate(JSON.parse(JSON.stringify(r))), JSON.stringify(validate.errors)).toBe(true);
};

const resized = () => change({
  address: 'Redis/cache', action: 'update', id: 7,
  diff: [
    { op: 'replace', path: '/nodeSizing', from: '2cpu4gb', value: '4cpu8gb' },
    { op: 'add', path: '/tags/team', value: new Secret('s3cr3t-tag') as unknown as string },
  ],
});
const manifest = (ignoreDrift: IgnoreDrift[]): Pick<ResourceManifest, 'address' | 'lifecycle' | 'provider'> & Record<string, unknown> =>
  ({ address: 'Redis/cache', provider: 'itcare', lifecycle: { preventDestroy: false, ignoreChanges: [], ignoreDrift } });
const ack = (path: string, until: string): IgnoreDrift => ({ path, written: `spec${path.replace(/\//g, '.')}`, reason: 'known', until });
const set = (acks: IgnoreDrift[]) => ({ resources: [manifest(acks) as unknown as ResourceManifest] });

describe('drift report', () => {
  it('lists each field with live and manifest values, secrets redacted, and counts it as drift', () => {
    const r = driftReportOf(planOf([resized(), unchanged('Redis/b', 2)]), set([]), '2026-12-01');
    expect(r.drift).toBe(true);
    expect(r.summary).toMatchObject({ resources: 2, inSync: 1, drifted: 1 });
    expect(r.resources[0]!.fields).toEqual([
      { path: 'spec.nodeSizing', pointer: '/nodeSizing', change: 'changed', live: '2cpu4gb', manifest: '4cpu8gb' },
      { path: 'spec.tags.team', pointer: '/tags/team', change: 'added', manifest: '(sensitive)' },
    ]);
    expect(JSON.stringify(r)).not.toContain('s3cr3t-tag');
    valid(r);
  });

  it('an acknowledgement hides a field from the exit code until its date (inclusive), then counts again', () => {
    const acks = [ack('/nodeSizing', '2026-12-01'), ack('/tags', '2026-12-01')];
    const on = driftReportOf(planOf([resized()]), set(acks), '2026-12-01');
    expect(on.drift).toBe(false);
    expect(on.resources[0]!.status).toBe('acknowledged');
    expect(on.summary).toMatchObject({ drifted: 0, acknowledged: 1, expired: 0 });
    valid(on);
    const after = driftReportOf(planOf([resized()]), set(acks), '2026-12-02');
    expect(after.drift).toBe(true);
    expect(after.resources[0]!.summary).toContain('an acknowledgement expired');
    expect(after.summary).toMatchObject({ drifted: 1, expired: 1 });
    valid(after);
  });

  it('a partial acknowledgement leaves the other fields counting', () => {
    const r = driftReportOf(planOf([resized()]), set([ack('/nodeSizing', '2999-01-01')]), '2026-12-01');
    expect(r.drift).toBe(true);
    expect(r.resources[0]!.fields[0]!.acknowledged).toEqual({ reason: 'known', until: '2999-01-01', expired: false });
  });

  it('owned leftovers and missing resources count; the plan fixture validates against the schema', () => {
    const r = driftReportOf(planOf([...mixedPlan().changes, redisPrune()]), { resources: [] }, '2026-12-01');
    expect(r.summary.notInManifests).toBeGreaterThan(0);
    expect(r.summary.missingLive).toBeGreaterThan(0);
    valid(r);
  });

  it('causes are the history entries after caretaker\'s own last change, else the latest three', () => {
    const e = (at: string, by: string): HistoryEntry => ({ at, by, operation: 'X', message: '', status: 'SUCCESS' });
    const h = [e('2026-01-03', 'me'), e('2026-01-01', 'me'), e('2026-01-04', 'jdoe'), e('2026-01-05', 'ops')];
    expect(causesOf(h, 'me', 3).map((x) => x.by)).toEqual(['jdoe', 'ops']);
    expect(causesOf(h, undefined, 3).map((x) => x.at)).toEqual(['2026-01-03', '2026-01-04', '2026-01-05']);
    expect(causesOf(h, 'ops', 3)).toEqual([]);
  });

  it('reads the history of drifted resources only, through the provider', async () => {
    const asked: Array<string | number> = [];
    const provider = { handler: () => undefined, history: async (_k: string, id: string | number) => (asked.push(id), [{ at: '2026-12-01T10:00:00Z', by: 'j.doe', operation: 'RESIZE', message: 'Resize', status: 'SUCCESS' }]) } as unknown as Provider;
    const r = driftReportOf(planOf([resized(), unchanged('Redis/b', 2)]), set([]), '2026-12-01');
    await addCauses(r, set([]), { providers: new Map([['itcare', provider]]), today: '2026-12-01' });
    expect(asked).toEqual([7]);
    expect(r.resources[0]!.causes[0]!.by).toBe('j.doe');
    valid(r);
  });

  describe('attribution: causes are the entries whose operation can change the drifted field', () => {
    const e = (at: string, operation: string, by = 'j.doe', status = 'SUCCESS'): HistoryEntry => ({ at, by, operation, message: operation, status });
    const field = (pointer: string): DriftField => ({ path: `spec${pointer.replace(/\//g, '.')}`, pointer, change: 'changed', live: 1, manifest: 2 });
    const MAP: Record<string, string[]> = { RESIZE: ['/nodeSizing'], ADD_TAG: ['/tags'], UPDATE_MONITORING: ['/monitoringEnabled'], CREATE: [] };
    const fieldsOf = (x: HistoryEntry) => MAP[x.operation];
    const cases: Record<string, { reason: string; entries: HistoryEntry[]; fields: DriftField[]; self?: string; want: Array<[string, string[]]>; unknown: string[] }> = {
      issue: {
        reason: 'a nodeSizing drift after a resize and an unrelated tag change is blamed on RESIZE alone',
        entries: [e('1', 'CREATE', 'caretaker'), e('2', 'RESIZE'), e('3', 'ADD_TAG')], fields: [field('/nodeSizing')],
        want: [['RESIZE', ['spec.nodeSizing']]], unknown: [],
      },
      latest: {
        reason: 'of two resizes, the latest made the current value',
        entries: [e('2', 'RESIZE', 'a'), e('4', 'RESIZE', 'b')], fields: [field('/nodeSizing')],
        want: [['RESIZE', ['spec.nodeSizing']]], unknown: [],
      },
      nested: {
        reason: 'a tag call explains a drifted tag key (the field lies under /tags)',
        entries: [e('2', 'ADD_TAG')], fields: [field('/tags/team'), field('/nodeSizing')],
        want: [['ADD_TAG', ['spec.tags.team']]], unknown: ['spec.nodeSizing'],
      },
      unknownOperation: {
        reason: 'an operation the kind does not know explains nothing: cause unknown, not a guess',
        entries: [e('2', 'MIGRATE')], fields: [field('/nodeSizing')], want: [], unknown: ['spec.nodeSizing'],
      },
      failed: {
        reason: 'a resize that failed changed nothing',
        entries: [e('2', 'RESIZE', 'j.doe', 'ERROR')], fields: [field('/nodeSizing')], want: [], unknown: ['spec.nodeSizing'],
      },
      ownChange: {
        reason: 'when caretaker itself made the last change to the field, the manifest moved since: cause unknown',
        entries: [e('2', 'RESIZE', 'j.doe'), e('3', 'RESIZE', 'caretaker')], fields: [field('/nodeSizing')], self: 'caretaker', want: [], unknown: ['spec.nodeSizing'],
      },
    };
    it.each(Object.entries(cases))('%s', (_n, c) => {
      const { causes, unknown } = attributeCauses(c.entries, c.fields, fieldsOf, c.self);
      expect(causes.map((x) => [x.operation, x.fields]), c.reason).toEqual(c.want);
      expect(unknown, c.reason).toEqual(c.unknown);
    });

    it('through addCauses: a handler with historyFields attributes; the report validates and says cause unknown', async () => {
      const provider = {
        handler: () => ({ historyFields: fieldsOf }),
        history: async () => [e('2026-12-01T10:00:00Z', 'RESIZE'), e('2026-12-01T11:00:00Z', 'MIGRATE')],
      } as unknown as Provider;
      const r = driftReportOf(planOf([resized()]), set([]), '2026-12-01');
      await addCauses(r, set([]), { providers: new Map([['itcare', provider]]), today: '2026-12-01' });
      expect(r.resources[0]!.causes.map((c) => c.operation)).toEqual(['RESIZE']);
      expect(r.resources[0]!.causeUnknown).toEqual(['spec.tags.team']);
      valid(r);
    });
  });
});

