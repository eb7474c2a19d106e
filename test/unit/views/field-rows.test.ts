import { describe, expect, it } from 'vitest';
import type { FieldDiff } from '../../../src/engine/plan.js';
import { fieldRows, type FieldRow } from '../../../src/views/field-rows.js';

const row = (sign: FieldRow['sign'], path: string, before?: string, after?: string, forcesReplace = false): FieldRow => ({
  sign, path, forcesReplace, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }),
});

describe('fieldRows', () => {
  const cases: Record<string, { reason: string; args: FieldDiff[]; want: FieldRow[] }> = {
    scalarReplace: { reason: 'one ~ row', args: [{ op: 'replace', path: '/nodeSizing', from: '2cpu4gb', value: '4cpu8gb' }], want: [row('~', 'nodeSizing', '"2cpu4gb"', '"4cpu8gb"')] },
    objectAdd: {
      reason: 'an added object is expanded into sorted leaves',
      args: [{ op: 'add', path: '/patchParty', value: { patchGroup: '2', excluded: false } }],
      want: [row('+', 'patchParty.excluded', undefined, 'false'), row('+', 'patchParty.patchGroup', undefined, '"2"')],
    },
    objectReplace: {
      reason: 'replacing one object by another shows only the leaves that differ',
      args: [{ op: 'replace', path: '/patchParty', from: { excluded: true, patchGroup: '2' }, value: { excluded: false, patchGroup: '2' } }],
      want: [row('~', 'patchParty.excluded', 'true', 'false')],
    },
    listOfObjects: {
      reason: 'lists of objects expand with indices in numeric order',
      args: [{ op: 'add', path: '/members', value: Array.from({ length: 11 }, (_, i) => ({ port: i })) }],
      want: Array.from({ length: 11 }, (_, i) => row('+', `members[${i}].port`, undefined, String(i))),
    },
    listOfScalars: { reason: 'lists of scalars stay on one line', args: [{ op: 'add', path: '/extensions', value: ['a', 'b'] }], want: [row('+', 'extensions', undefined, '["a", "b"]')] },
    removeWithoutFrom: { reason: 'a remove without a recorded value', args: [{ op: 'remove', path: '/tags/old' }], want: [row('-', 'tags.old')] },
    forcesReplace: { reason: 'the flag is kept per row', args: [{ op: 'replace', path: '/diskSize', from: 40, value: 80, forcesReplace: true }], want: [row('~', 'diskSize', '40', '80', true)] },
    sorted: {
      reason: 'entries are sorted by path',
      args: [{ op: 'add', path: '/tags/b', value: 'x' }, { op: 'add', path: '/diskSize', value: 40 }, { op: 'remove', path: '/tags/a', from: 'y' }],
      want: [row('+', 'diskSize', undefined, '40'), row('-', 'tags.a', '"y"'), row('+', 'tags.b', undefined, '"x"')],
    },
  };
  it.each(Object.entries(cases))('%s', (_n, { args, want }) => {
    expect(fieldRows(args)).toEqual(want);
  });
});
