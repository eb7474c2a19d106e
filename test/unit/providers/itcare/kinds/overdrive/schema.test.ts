// OverDrive schema cases through the loader, each with its reason (`001:6571-6715`): file:line:col
// errors before any request.
import { describe, expect, it } from 'vitest';
import { diagnosticsOf, docOf } from '../../schema-support.js';

const ENV = { OD_PASSWORD: 'Orders#Drive2026' };
const spec = (over = '') => `  sizing: XS
  driveSiteUri: drive.orders.cegedim.cloud
  password: \${env:OD_PASSWORD}
${over}`;
const PW = 'does not meet the password rule: at least 12 characters with at least one lowercase letter, one uppercase letter, one digit and one special character';

describe('OverDrive schema', () => {
  const cases: Record<string, { reason: string; name?: string; spec: string; env?: Record<string, string>; want: string[] }> = {
    Valid: { reason: 'the documented fields; region from the stack', spec: spec('  state: running\n  monitoringEnabled: true\n'), want: [] },
    UriWithScheme: { reason: 'an https:// address with a path is a drive URL too', spec: spec().replace('drive.orders.cegedim.cloud', 'https://drive.orders.cegedim.cloud/x'), want: [] },
    Sizing: { reason: 'sizing is XS, S, M, L or XL (001:6666-6668)', spec: spec().replace('sizing: XS', 'sizing: XXL'), want: ['doc.yaml:6:11: spec.sizing: must be one of XS, S, M, L, XL (got "XXL")'] },
    Uri: { reason: 'driveSiteUri must be a web address (001:6609-6611)', spec: spec().replace('drive.orders.cegedim.cloud', 'not a url'), want: ['doc.yaml:7:17: spec.driveSiteUri: must be a web address such as demo.mydrive.cegedim.cloud (got "not a url")'] },
    DocsPassword: { reason: "the docs' own example \"Password!!??\" has no digit: refused by the prose rule (001:6582)", spec: spec(), env: { OD_PASSWORD: 'Password!!??' }, want: [`doc.yaml:8:13: spec.password: ${PW}`] },
    Name: { reason: 'the name is [a-z0-9-]{4,60} (001:6625)', name: 'od_1', spec: spec(), want: ['doc.yaml:4:9: metadata.name: must be 4 to 60 lowercase letters, digits or \'-\' (got "od_1")'] },
    NoArea: { reason: 'OverDrive has no area (ITCARE-API 3.1): a field the create body lacks', spec: spec('  area: EB-QA\n'), want: ['doc.yaml:9:3: unknown field "area" in spec'] },
    NoPatchParty: { reason: 'no update_patch_party for OverDrive: a PatchPolicy sets it', spec: spec('  patchParty: { excluded: false }\n'), want: ['doc.yaml:9:3: unknown field "patchParty" in spec'] },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    expect(await diagnosticsOf(docOf('OverDrive', c.name ?? 'orders-drive', c.spec), c.env ?? ENV), c.reason).toEqual(c.want);
  });
});
