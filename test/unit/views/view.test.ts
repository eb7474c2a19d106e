import { driftReportOf } from '../../../src/engine/drift.js';
import { describe, expect, it } from 'vitest';
import { error } from '../../../src/core/diagnostics.js';
import { memoryTerminal } from '../../../src/views/terminal.js';
import { createViews } from '../../../src/views/view.js';
import { applyRun } from './apply-run.js';
import { mixedPlan } from '../../support/plans.js';

const diag = error('schema', 'spec.diskSize must be >= 40', { range: { file: 'r.yaml', start: { line: 7, col: 13 } } });

describe('createViews', () => {
  it('text: plan and drift to stdout, diagnostics and errors to stderr', () => {
    const term = memoryTerminal();
    const v = createViews('text', term);
    v.plan.plan(mixedPlan());
    v.diagnostics.diagnostics([diag]);
    v.message('Using the embedded simulator');
    v.error('cannot read live state');
    expect(term.stdout()).toContain('Plan: 2 to create');
    expect(term.stdout()).toContain('Using the embedded simulator\n');
    expect(term.stderr()).toBe('r.yaml:7:13: spec.diskSize must be >= 40\n1 error\ncannot read live state\n');
  });

  it('json: stdout holds only the message stream, version first; stderr repeats diagnostics as text', () => {
    const term = memoryTerminal();
    const v = createViews('json', term);
    v.message('Using the embedded simulator');
    v.diagnostics.diagnostics([diag]);
    for (const e of applyRun.slice(0, 3)) v.apply.event(e);
    v.apply.close();
    const lines = term.stdout().trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['version', 'log', 'diagnostic', 'apply_begin', 'apply_start', 'apply_progress']);
    expect(lines[2]).toMatchObject({
      '@level': 'error', '@message': 'Error: r.yaml:7:13: spec.diskSize must be >= 40',
      diagnostic: { severity: 'error', code: 'schema', summary: 'spec.diskSize must be >= 40', range: { file: 'r.yaml', start: { line: 7, col: 13 } } },
    });
    expect(term.stderr()).toBe('r.yaml:7:13: spec.diskSize must be >= 40\n1 error\n');
  });

  it('json: a plan is its planned_change lines and a closing change_summary', () => {
    const term = memoryTerminal();
    createViews('json', term).plan.plan(mixedPlan());
    const lines = term.stdout().trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].type).toBe('version');
    expect(lines.at(-1)).toMatchObject({ type: 'change_summary', changes: { operation: 'plan', ...mixedPlan().summary } });
    expect(lines.filter((l) => l.type === 'planned_change').map((l) => l.change.address)).toEqual(
      mixedPlan().changes.filter((c) => c.action !== 'no-op').map((c) => c.address).sort(),
    );
  });

  it('markdown: plan and drift as Markdown, progress as text', () => {
    const term = memoryTerminal();
    const v = createViews('markdown', term);
    v.plan.plan(mixedPlan());
    v.drift.drift(driftReportOf(mixedPlan(), { resources: [] }, '2026-12-01'));
    v.apply.event(applyRun[0]!);
    v.apply.close();
    expect(term.stdout()).toContain('### caretaker plan for `orders-qa`');
    expect(term.stdout()).toContain('### caretaker drift for `orders-qa`');
    expect(term.stdout()).toContain('Applying 4 changes (5 operations)\n');
  });

  it('closing an apply view that never received an event writes nothing', () => {
    const term = memoryTerminal({ isTTY: true });
    createViews('text', term).apply.close();
    expect(term.stdout()).toBe('');
  });
});
