// Property-based tests of issue 20 (fast-check, fixed seeds, bounded runs): for arbitrary documents
// with hostile keys the loader, the interpolation and the desired-state builder never drop a resource
// of a valid set without a diagnostic, and the scrubber lets no registered secret through in any of its
// encodings or as any run of 12 of its characters. The runs and seeds are the constants below; a
// failure prints the seed and the shrunk counterexample, which fast-check replays with `{ seed, path }`.
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { hasErrors, type Diagnostic } from '../../src/core/diagnostics.js';
import { SecretScrubber } from '../../src/core/secret.js';
import { loadDesiredState } from '../../src/engine/desired.js';
import { interpolate } from '../../src/manifest/interpolate.js';
import { parseManifestText } from '../../src/manifest/load.js';
import { createSchemaRegistry } from '../../src/schema/registry.js';
import { leakForms } from '../support/cli.js';
import { testdir, type TestDir } from '../unit/manifest/testdir.js';

const SEED = 20_2020;
const RUNS = { loader: 200, interpolation: 200, desired: 100, scrubber: 300 };

/** Keys that name object machinery: the three reserved ones and inherited members that are ordinary keys. */
const RESERVED = ['__proto__', 'constructor', 'prototype'];
const MEMBERS = ['toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', '__lookupSetter__', 'toLocaleString'];
const hostileKey = fc.constantFrom(...RESERVED, ...MEMBERS);
const plainKey = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);

/** A JSON value whose objects may carry hostile keys at any depth (built as own properties, as JSON.parse does). */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(fc.oneof(plainKey, hostileKey), tie('value')), { maxLength: 5 }).map((entries) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return o;
    }),
  ),
})).value;

/** The keys of `v`, deeply, as `path=key` strings (own enumerable keys only). */
function keyPaths(v: unknown, at = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => keyPaths(x, `${at}/${i}`));
  if (v !== null && typeof v === 'object') return Object.keys(v).flatMap((k) => [`${at}=${k}`, ...keyPaths((v as Record<string, unknown>)[k as never], `${at}/${k}`)]);
  return [];
}
const hasReserved = (v: unknown) => keyPaths(v).some((p) => RESERVED.includes(p.slice(p.lastIndexOf('=') + 1)));

describe('fuzz: the manifest loader', () => {
  it(`never drops a key in silence: reserved keys are errors at a position, every other key is kept (${RUNS.loader} runs, seed ${SEED})`, () => {
    fc.assert(fc.property(fc.array(hostileJson, { minLength: 1, maxLength: 3 }), (docs) => {
      const text = docs.map((d) => JSON.stringify(d) ?? 'null').join('\n---\n');
      const diags: Diagnostic[] = [];
      const parsed = parseManifestText(text, 'f.yaml', diags);
      docs.forEach((d, index) => {
        const got = parsed.find((p) => p.index === index);
        if (hasReserved(d)) {
          expect(got).toBeUndefined();
          expect(diags.some((x) => x.severity === 'error' && x.range?.start.line !== undefined && /is not allowed/.test(x.summary))).toBe(true);
        } else if (d !== null) {
          expect(keyPaths(got?.value)).toEqual(keyPaths(d));
        }
      });
    }), { seed: SEED, numRuns: RUNS.loader });
  });
});

describe('fuzz: interpolation', () => {
  it(`keeps every key of any document as data, in null-prototype maps (${RUNS.interpolation} runs, seed ${SEED})`, () => {
    fc.assert(fc.property(hostileJson, (value) => {
      const out = interpolate(value, { env: {}, baseDir: '/nonexistent', sourceMap: { rangeOf: () => undefined, keyRangeOf: () => undefined } });
      expect(out.diagnostics).toEqual([]);
      expect(keyPaths(out.value)).toEqual(keyPaths(value));
      const protos = (v: unknown): boolean => Array.isArray(v) ? v.every(protos)
        : v !== null && typeof v === 'object' ? Object.getPrototypeOf(v) === null && Object.values(v).every(protos) : true;
      expect(protos(out.value)).toBe(true);
      expect(JSON.stringify(out.value)).toBe(JSON.stringify(value));
    }), { seed: SEED, numRuns: RUNS.interpolation });
  });
});

describe('fuzz: the desired-state builder', () => {
  const registry = createSchemaRegistry();
  const dirs: TestDir[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d.dir, { recursive: true, force: true })));
  const STACK = { apiVersion: 'caretaker/v1', kind: 'Stack', metadata: { name: 'fuzz-qa' }, spec: { defaults: { serviceId: 46922, region: 'EB', area: 'EB-QA', networkId: 1234511 } } };
  const redis = (name: string, tags: Record<string, string>) => ({
    apiVersion: 'caretaker/v1', kind: 'Redis', metadata: { name },
    spec: { nodeSizing: '2cpu4gb', diskSize: 40, redisVersion: '7.2', instanceCount: 1, persistenceMode: 'PERSISTENT', admPassword: 'Fuzz#Passw0rd1', tags, patchParty: { excluded: false } },
  });
  /** Where a mutation puts its key: the document, its metadata, spec, tags or patch party. */
  const PLACES = ['doc', 'metadata', 'spec', 'tags', 'patchParty'] as const;
  // Weighted towards what used to drop a resource in silence: `__proto__: {}` under metadata, a member name in tags.
  const mutation = fc.record({
    doc: fc.nat(),
    place: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('metadata', 'tags') }, { weight: 2, arbitrary: fc.constantFrom(...PLACES) }),
    key: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...RESERVED) }, { weight: 2, arbitrary: fc.constantFrom(...MEMBERS) }, { weight: 1, arbitrary: plainKey }),
    value: fc.oneof(fc.constant({}), fc.stringMatching(/^[a-z0-9]{1,8}$/), hostileJson),
  });
  const names = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{4,11}$/).filter((n) => n !== 'cluster'), { minLength: 1, maxLength: 4 });
  const tags = fc.dictionary(fc.oneof(plainKey, fc.constantFrom(...MEMBERS)), fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxKeys: 3, noNullPrototype: true });

  it(`never drops a resource of a valid set without a diagnostic (${RUNS.desired} runs, seed ${SEED})`, async () => {
    await fc.assert(fc.asyncProperty(names, fc.array(tags, { minLength: 4, maxLength: 4 }), fc.array(mutation, { maxLength: 2 }), async (ns, tagSets, mutations) => {
      const docs: Array<Record<string, unknown>> = ns.map((n, i) => redis(n, { ...tagSets[i]! }));
      let reserved = false;
      for (const m of mutations) {
        const d = docs[m.doc % docs.length]!;
        const spec = d.spec as Record<string, Record<string, unknown>>;
        const target = m.place === 'doc' ? d : m.place === 'metadata' ? (d.metadata as Record<string, unknown>) : m.place === 'spec' ? spec : spec[m.place]!;
        Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
        reserved ||= RESERVED.includes(m.key) || hasReserved(m.value);
      }
      const dir = testdir({
        'stack.yaml': JSON.stringify(STACK),
        ...Object.fromEntries(docs.map((d, i) => [`r${i}.yaml`, JSON.stringify(d)])),
      });
      dirs.push(dir);
      const r = await loadDesiredState(['.'], { cwd: dir.dir, env: {}, registry });
      rmSync(dir.dir, { recursive: true, force: true });
      if (reserved) {
        expect(r.set).toBeUndefined();
        expect(r.diagnostics.some((x) => x.severity === 'error' && x.range?.file !== undefined && x.range.start.line >= 1)).toBe(true);
      }
      if (!hasErrors(r.diagnostics)) {
        const got = new Map(r.set!.resources.map((x) => [x.address, x]));
        expect([...got.keys()].sort()).toEqual(ns.map((n) => `Redis/${n}`).sort());
        // Tag keys named after object members are data, kept as written.
        docs.forEach((d) => {
          const written = (d.spec as Record<string, unknown>).tags as Record<string, unknown>;
          const kept = got.get(`Redis/${(d.metadata as { name: string }).name}`)!.spec.tags as Record<string, unknown>;
          expect(Object.keys(kept).sort()).toEqual(Object.keys(written).sort());
        });
      } else {
        expect(r.set).toBeUndefined();
      }
    }), { seed: SEED, numRuns: RUNS.desired });
  }, 120_000);
});

describe('fuzz: the scrubber', () => {
  /** Password-like secrets of 12 to 40 characters, with the special characters of the password rule and non-ASCII ones. */
  const secret = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#&()–{}:;\',?/*~$^+=<>"\\é€😀'), minLength: 12, maxLength: 40 });
  const text = fc.string({ maxLength: 60 });
  /** Windows of 12 characters with at least 4 distinct ones: what the scrubber indexes (runs of `aaaaaaaaaaaa` carry no secret). */
  const windows = (form: string) => {
    const out: string[] = [];
    for (let i = 0; i + 12 <= form.length; i++) if (new Set(form.slice(i, i + 12)).size >= 4) out.push(form.slice(i, i + 12));
    return out;
  };

  it(`leaves no registered secret in any form, whole or as 12 of its characters, in any text (${RUNS.scrubber} runs, seed ${SEED})`, () => {
    fc.assert(fc.property(
      fc.array(secret, { minLength: 1, maxLength: 3 }), fc.nat(), fc.nat(), fc.nat({ max: 60 }), text, text, fc.boolean(),
      (secrets, which, formIndex, cut, before, after, asJson) => {
        const s = new SecretScrubber();
        for (const v of secrets) s.add(v);
        const forms = leakForms(secrets[which % secrets.length]!);
        const form = forms[formIndex % forms.length]!;
        // Any run of 12 or more characters of the form (the whole form when it is shorter).
        const start = form.length <= 12 ? 0 : cut % (form.length - 11);
        const piece = form.slice(start, Math.max(start + 12, form.length - (cut % 7)));
        const raw = `${before}${piece}${after}`;
        const out = s.scrub(asJson ? JSON.stringify({ message: raw }) : raw);
        for (const v of secrets) {
          for (const f of leakForms(v)) for (const w of windows(f)) expect(out.includes(w), `${JSON.stringify(w)} of a form of ${JSON.stringify(v)}`).toBe(false);
        }
      },
    ), { seed: SEED, numRuns: RUNS.scrubber });
  });
});
