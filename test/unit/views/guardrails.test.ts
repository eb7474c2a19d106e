// The views of issue 22: policy results first in the Markdown comment (denied and overridden plans are
// golden files), in the text plan and in the JSON stream (policy_result); releases, exclusions and
// foreign origins in every format; GitLab's Terraform report.
import { describe, expect, it } from 'vitest';
import { renderPlanMarkdown } from '../../../src/views/markdown/plan.js';
import { renderPlanText } from '../../../src/views/text/plan.js';
import { renderGitlabReport } from '../../../src/views/json/gitlab.js';
import { createJsonStream } from '../../../src/views/json/stream.js';
import { memoryTerminal } from '../../../src/views/terminal.js';
import { planToJson } from '../../../src/engine/plan-file.js';
import { assertPlanDocument, ofType, parseStream } from '../../support/stream.js';
import { OVERRIDE, deniedPlan, guardrailPlan, platformRules } from '../../support/guarded-plans.js';
import { evaluatePolicies } from '../../../src/engine/policies/evaluate.js';
import { planOf, redisCreate, redisPrune, redisReplace, redisUpdate } from '../../support/plans.js';

describe('Markdown: the policies come first', () => {
  it('a denied plan (golden)', async () => {
    const md = renderPlanMarkdown(await deniedPlan());
    await expect(md).toMatchFileSnapshot('../../golden/markdown/plan-denied.md');
    expect(md.indexOf('Denied by the policies')).toBeLessThan(md.indexOf('**Plan:'));
  });

  it('an overridden plan (golden): the override, its reason and who, before anything else', async () => {
    const md = renderPlanMarkdown(await deniedPlan([OVERRIDE]));
    await expect(md).toMatchFileSnapshot('../../golden/markdown/plan-overridden.md');
    expect(md.split('\n').slice(0, 5).join('\n')).toContain('`irreversible-needs-override` overridden by **alice@example.com**: resize agreed with the DBA team');
    expect(md).not.toContain('[!CAUTION]');
  });

  it('a release, an exclusion and a foreign origin', () => {
    const md = renderPlanMarkdown(guardrailPlan());
    expect(md).toContain('| create | update | replace | destroy | release | unchanged |');
    expect(md).toContain('| 0 | 1 | 0 | 0 | 1 | 1 |');
    expect(md).toContain('<summary><code>. Redis/legacy-cache</code> will be released (no longer managed; the resource is kept)</summary>');
    expect(md).toContain('_created from another manifest set: acme/platform:stacks/orders-eu (this one: acme/platform:stacks/orders); apply refuses it without --allow-foreign-origin_');
    expect(md).toContain('LoadBalancer/shop.example.com (update; depends on excluded KubernetesCluster/shop-k8s)');
  });
});

describe('text', () => {
  it('a release, an exclusion, a foreign origin and the policy results (golden)', async () => {
    const plain = guardrailPlan();
    const p = { ...plain, policyResults: evaluatePolicies(plain, await platformRules(), [OVERRIDE]), overrides: [OVERRIDE] };
    await expect(renderPlanText(p, { color: false })).toMatchFileSnapshot('../../golden/text/plan-guardrails.txt');
  });

  it('a denied plan ends by saying apply refuses it', async () => {
    const text = renderPlanText(await deniedPlan(), { color: false });
    expect(text).toContain('Policy: DENIED: irreversible-needs-override (platform-rules, examples/policies/platform.yaml:27): Redis/old-cache:');
    expect(text.trimEnd().split('\n').at(-1)).toBe('The policies deny this plan (2 denials): apply refuses it.');
  });
});

describe('JSON', () => {
  it('policy_result lines come before the planned changes, valid against the schema, with who overrode what', async () => {
    const term = memoryTerminal();
    const s = createJsonStream(term, { now: () => 0 });
    const p = await deniedPlan([OVERRIDE]);
    s.plannedChanges(p);
    s.changeSummary('plan', p.summary);
    const msgs = parseStream(term.stdout());
    expect(msgs.map((m) => m.type).slice(0, 5)).toEqual(['version', 'policy_result', 'policy_result', 'policy_result', 'planned_change']);
    expect(ofType(msgs, 'policy_result').map((m) => [m['@level'], m.policy_result.rule, m.policy_result.address])).toEqual([
      ['warn', 'irreversible-needs-override', 'Redis/old-cache'],
      ['warn', 'irreversible-needs-override', 'Redis/sessions'],
      ['warn', 'many-irreversible', undefined],
    ]);
    expect(ofType(msgs, 'policy_result')[0]!.policy_result.override).toEqual({ actor: OVERRIDE.actor, reason: OVERRIDE.reason, at: OVERRIDE.at });
  });

  it('an unoverridden denial is an error line', async () => {
    const term = memoryTerminal();
    createJsonStream(term, { now: () => 0 }).plannedChanges(await deniedPlan());
    expect(ofType(parseStream(term.stdout()), 'policy_result')[0]).toMatchObject({ '@level': 'error', '@message': expect.stringMatching(/^Denied by rule irreversible-needs-override: Redis\/old-cache: /) });
  });

  it('a release: planned_change and a change_summary that counts it, valid against the schema', () => {
    const term = memoryTerminal();
    const s = createJsonStream(term, { now: () => 0 });
    const p = guardrailPlan();
    s.plannedChanges(p);
    s.changeSummary('plan', p.summary);
    const msgs = parseStream(term.stdout());
    expect(ofType(msgs, 'planned_change')[0]).toMatchObject({ '@message': 'Redis/legacy-cache: Plan to release', change: { action: 'release' } });
    expect(msgs.at(-1)).toMatchObject({ '@message': 'Plan: 0 to create, 1 to update, 0 to replace, 0 to destroy, 1 to release.', changes: { release: 1 } });
  });

  it('saved plans with the new fields are valid against schemas/plan.schema.json', async () => {
    for (const p of [await deniedPlan([OVERRIDE]), guardrailPlan(), { ...guardrailPlan(), targets: ['*/orders-*'], allowForeignOrigin: true }]) {
      assertPlanDocument(JSON.parse(planToJson(p)));
    }
  });
});

describe('GitLab report', () => {
  const cases: Record<string, { reason: string; plan: ReturnType<typeof planOf>; want: string }> = {
    Mixed: { reason: 'a create, an update and a delete', plan: planOf([redisCreate(), redisUpdate(), redisPrune()]), want: '{"create":1,"update":1,"delete":1}\n' },
    Replace: { reason: 'a replace counts as a create and a delete', plan: planOf([redisReplace(), redisCreate()]), want: '{"create":2,"update":0,"delete":1}\n' },
    Release: { reason: 'a release (one tag removed) counts as an update', plan: guardrailPlan(), want: '{"create":0,"update":2,"delete":0}\n' },
    Empty: { reason: 'nothing to do', plan: planOf([]), want: '{"create":0,"update":0,"delete":0}\n' },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => expect(renderGitlabReport(c.plan), c.reason).toBe(c.want));
});
