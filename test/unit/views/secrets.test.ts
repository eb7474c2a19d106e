import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import type { Plan } from '../../../src/engine/plan.js';
import { renderPlanJson } from '../../../src/views/json/plan.js';
import { createJsonStream } from '../../../src/views/json/stream.js';
import { memoryTerminal } from '../../../src/views/terminal.js';
import { renderDriftMarkdown } from '../../../src/views/markdown/drift.js';
import { renderPlanMarkdown } from '../../../src/views/markdown/plan.js';
import { renderDriftText } from '../../../src/views/text/drift.js';
import { renderPlanText } from '../../../src/views/text/plan.js';
import { driftReportOf } from '../../../src/engine/drift.js';
import { SECRET_VALUE, createOnlyPlan, mixedPlan, replacePlan, secretPlan } from '../../support/plans.js';

const renderers: Record<string, (p: Plan) => string> = {
  text: (p) => renderPlanText(p, { color: false }),
  'text in colour': (p) => renderPlanText(p, { color: true }),
  json: renderPlanJson,
  'json stream': (p) => {
    const term = memoryTerminal();
    createJsonStream(term).plannedChanges(p);
    return term.stdout();
  },
  markdown: renderPlanMarkdown,
  'drift text': (p) => renderDriftText(driftReportOf(p, { resources: [] }, '2026-12-01'), { color: false }),
  'drift markdown': (p) => renderDriftMarkdown(driftReportOf(p, { resources: [] }, '2026-12-01')),
  'drift json': (p) => JSON.stringify(driftReportOf(p, { resources: [] }, '2026-12-01')),
};
const plans: Record<string, () => Plan> = { secretPlan, createOnlyPlan, replacePlan, mixedPlan };

describe('secrets never reach output', () => {
  for (const [planName, plan] of Object.entries(plans)) {
    it.each(Object.entries(renderers))(`${planName} rendered as %s`, (_name, render) => {
      const out = render(plan());
      expect(out).not.toContain(SECRET_VALUE);
      expect(out).not.toContain('Hunter2');
    });
  }

  it('secret plan shows (sensitive) in every plan format', () => {
    for (const render of [renderers.text!, renderers.json!, renderers['json stream']!, renderers.markdown!]) expect(render(secretPlan())).toContain('(sensitive)');
  });

  it('the JSON stream redacts a Secret that slipped into an event', () => {
    const e = { type: 'change_skipped', address: 'Redis/x', reason: new Secret(SECRET_VALUE) as unknown as string } as const;
    const term = memoryTerminal();
    createJsonStream(term).event(e);
    expect(term.stdout()).toContain('apply_skipped');
    expect(term.stdout()).not.toContain(SECRET_VALUE);
  });
});
