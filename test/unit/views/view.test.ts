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

  it('json: stdout holds only JSON; messages go to stderr', () => {
    const term = memoryTerminal();
    const v = createViews('json', term);
    v.message('Using the embedded simulator');
    v.diagnostics.diagnostics([diag]);
    for (const e of applyRun.slice(0, 3)) v.apply.event(e);
    v.apply.close();
    const lines = term.stdout().trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ type: 'diagnostic', severity: 'error', code: 'schema', summary: 'spec.diskSize must be >= 40', range: { file: 'r.yaml', start: { line: 7, col: 13 } } });
    expect(lines.slice(1).map((l) => l.type)).toEqual(['apply_start', 'change_start', 'operation_start']);
    expect(term.stderr()).toBe('Using the embedded simulator\n');
  });

  it('json: plan and drift print the plan JSON document', () => {
    const term = memoryTerminal();
    createViews('json', term).plan.plan(mixedPlan());
    expect(JSON.parse(term.stdout()).formatVersion).toBe(1);
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
