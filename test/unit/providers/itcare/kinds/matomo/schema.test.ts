// Matomo schema cases through the loader, each with its reason (`001:7122-7272`): file:line:col errors
// before any request.
import { describe, expect, it } from 'vitest';
import { diagnosticsOf, docOf } from '../../schema-support.js';

const ENV = { MT_PASSWORD: 'Orders#Stats2026' };
const spec = (over = '') => `  sizing: S
  password: \${env:MT_PASSWORD}
${over}`;

describe('Matomo schema', () => {
  const cases: Record<string, { reason: string; name?: string; spec: string; want: string[] }> = {
    Valid: { reason: 'the documented example with its default site', spec: spec('  defaultWebSiteName: ITCare\n  defaultWebUri: https://itcare.cegedim.cloud\n'), want: [] },
    EmptySite: { reason: '"if left empty, a dummy value will be configured" (001:7161-7167)', spec: spec('  defaultWebSiteName: ""\n  defaultWebUri: ""\n'), want: [] },
    Uri: { reason: 'defaultWebUri must be a web address', spec: spec('  defaultWebUri: itcare\n'), want: ['doc.yaml:8:18: spec.defaultWebUri: must be a web address such as https://itcare.cegedim.cloud, or empty (got "itcare")'] },
    Sizing: { reason: 'sizing is XS, S, M, L or XL (001:7222-7224), upper-case as documented', spec: spec().replace('sizing: S', 'sizing: s'), want: ['doc.yaml:6:11: spec.sizing: must be one of XS, S, M, L, XL (got "s")'] },
    Name: { reason: 'the name is [a-z0-9-]{4,60} (001:7181)', name: 'mat', spec: spec(), want: ['doc.yaml:4:9: metadata.name: must be 4 to 60 lowercase letters, digits or \'-\' (got "mat")'] },
    MissingPassword: { reason: 'password is required (001:7198)', spec: spec().replace('  password: ${env:MT_PASSWORD}\n', ''), want: ['doc.yaml:5:1: spec.password: required field is missing'] },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    expect(await diagnosticsOf(docOf('Matomo', c.name ?? 'orders-stats', c.spec), ENV), c.reason).toEqual(c.want);
  });
});
