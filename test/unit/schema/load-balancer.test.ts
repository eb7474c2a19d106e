import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/core/diagnostics.js';
import { loadDesiredState } from '../../../src/engine/desired.js';
import { createSchemaRegistry } from '../../../src/schema/registry.js';
import { testdir, type TestDir } from '../manifest/testdir.js';

const registry = createSchemaRegistry();

let t: TestDir | undefined;
afterEach(() => t?.remove());

const STACK = `
apiVersion: caretaker/v1
kind: Stack
metadata:
  name: web-qa
spec:
  defaults:
    serviceId: 46922
    region: EB
    area: EB-QA
`;

/** A LoadBalancer document; `spec` lines are indented by the caller. */
const lb = (name: string, spec: string) => `apiVersion: caretaker/v1
kind: LoadBalancer
metadata:
  name: ${name}
spec:
${spec}`;

const HTTP = `  healthcheck: http
  portMembers: 80
  profileName: HTTP
`;

async function lines(doc: string): Promise<string[]> {
  t = testdir({ 'stack.yaml': STACK, 'lb.yaml': doc });
  const r = await loadDesiredState(['.'], { cwd: t.dir, env: {}, registry });
  return r.diagnostics.map(formatDiagnostic);
}

describe('LoadBalancer schema through loadDesiredState', () => {
  const cases: Record<string, { reason: string; doc: string; want: string[] }> = {
    Valid: {
      reason: 'the documented example with URLs, members, bot defense and a string port',
      doc: lb('url.cegedim.com', `  healthcheck: CDGM
  portMembers: "80"
  profileName: HTTPS
  sslProfile: my_ssl_profile
  certificateName: my_cert.crt
  state: running
  urls:
    - { name: api.cegedim.com, monitoringEnabled: true, onCallSupervision: false, setUpDNSEnabled: false }
  members:
    - { name: PEB4APP01, port: 80 }
    - { name: PEB4APP02, serviceId: 46923, id: 5050706, port: 443, state: disabled }
  botDefense: { enabled: true, template: strict, mode: blocking, whitelist: [10.0.3.40] }
`),
      want: [],
    },
    HttpsWithoutCertificate: {
      reason: 'profileName HTTPS requires sslProfile and certificateName, reported at the spec key',
      doc: lb('url.cegedim.com', '  healthcheck: http\n  portMembers: 443\n  profileName: HTTPS\n'),
      want: [
        'lb.yaml:5:1: spec.certificateName: required field is missing (when profileName is HTTPS)',
        'lb.yaml:5:1: spec.sslProfile: required field is missing (when profileName is HTTPS)',
      ],
    },
    BadUrlName: {
      reason: 'metadata.name must follow the documented URL pattern',
      doc: lb('9lives_cegedim.com', HTTP),
      want: [
        'lb.yaml:4:9: metadata.name: must be a URL such as url.cegedim.com: an optional http(s):// and www. prefix, then a letter and 2 to 63 letters, digits, dots or dashes (got "9lives_cegedim.com")',
      ],
    },
    BadUrlItem: {
      reason: 'a URL item follows the same pattern',
      doc: lb('url.cegedim.com', `${HTTP}  urls:\n    - name: api/v1.cegedim.com\n`),
      want: [
        'lb.yaml:10:13: spec.urls.0.name: must be a URL such as url.cegedim.com: an optional http(s):// and www. prefix, then a letter and 2 to 63 letters, digits, dots or dashes (got "api/v1.cegedim.com")',
      ],
    },
    DuplicateUrlName: {
      reason: 'urls are diffed by name (x-list-key): two items with one name would collapse into one, so the second is an error at its name',
      doc: lb('url.cegedim.com', `${HTTP}  urls:\n    - name: api.cegedim.com\n    - name: app.cegedim.com\n    - name: api.cegedim.com\n`),
      want: [
        'lb.yaml:12:13: spec.urls.2: name "api.cegedim.com" is already used by item 0; each item of spec.urls needs its own name',
      ],
    },
    DuplicateMemberKeys: {
      reason: 'members are keyed by name, else resourceId, else id: a repeated id is an error, a name equal to another item\'s id is not',
      doc: lb('url.cegedim.com', `${HTTP}  members:\n    - { id: 7, port: 80 }\n    - { name: "7", port: 80 }\n    - { id: 7, port: 443 }\n`),
      want: [
        'lb.yaml:12:13: spec.members.2: id "7" is already used by item 0; each item of spec.members needs its own id',
      ],
    },
    MemberPort: {
      reason: 'a member port is 0..65535',
      doc: lb('url.cegedim.com', `${HTTP}  members:\n    - name: PEB4APP01\n      port: 70000\n`),
      want: ['lb.yaml:11:13: spec.members.0.port: must be <= 65535 (got 70000)'],
    },
    MemberWithoutResource: {
      reason: 'a member is given by resourceId (or its alias id), by name (and serviceId), or by ref',
      doc: lb('url.cegedim.com', `${HTTP}  members:\n    - port: 80\n`),
      want: ['lb.yaml:10:7: spec.members.0: a member needs its resource: resourceId (or its alias id, not both), name (with serviceId when it is in another service), or ref: VirtualMachine/NAME'],
    },
    MemberWithResourceIdAndId: {
      reason: 'resourceId and its alias id are one field: not both',
      doc: lb('url.cegedim.com', `${HTTP}  members:\n    - { resourceId: 4, id: 4, port: 80 }\n`),
      want: ['lb.yaml:10:7: spec.members.0: a member needs its resource: resourceId (or its alias id, not both), name (with serviceId when it is in another service), or ref: VirtualMachine/NAME (got a mapping)'],
    },
    MemberRefAndName: {
      reason: 'a ref names the member on its own: no name, id, resourceId or serviceId beside it',
      doc: lb('url.cegedim.com', `${HTTP}  members:\n    - { ref: VirtualMachine/PEB4APP01, name: PEB4APP01, port: 80 }\n`),
      want: [
        'lb.yaml:10:14: reference to VirtualMachine/PEB4APP01: no such resource in the manifests',
        'lb.yaml:10:46: spec.members.0.name: is not allowed here (ref names the member on its own)',
      ],
    },
    PortMembers: {
      reason: 'portMembers as a string must be a port number too',
      doc: lb('url.cegedim.com', '  healthcheck: http\n  portMembers: "8o"\n  profileName: HTTP\n'),
      want: ['lb.yaml:7:16: spec.portMembers: must be a port number from 0 to 65535 (got "8o")'],
    },
    BotOff: {
      reason: 'template, mode and whitelist are meaningless while bot defense is off',
      doc: lb('url.cegedim.com', `${HTTP}  botDefense: { enabled: false, mode: blocking }\n`),
      want: ['lb.yaml:9:39: spec.botDefense.mode: is not allowed here (when enabled is false)'],
    },
    MemberState: {
      reason: 'member states are the documented three',
      doc: lb('url.cegedim.com', `${HTTP}  members:\n    - { name: PEB4APP01, port: 80, state: down }\n`),
      want: ['lb.yaml:10:43: spec.members.0.state: must be one of enabled, disabled, offline (got "down")'],
    },
  };
  it.each(Object.entries(cases))('%s', async (_name, c) => {
    expect(await lines(c.doc), c.reason).toEqual(c.want);
  });
});

describe('LoadBalancer cluster reference', () => {
  it('is a validation error at the ref when it names another kind (x-ref-kinds)', async () => {
    const got = await lines(lb('url.cegedim.com', `${HTTP}  cluster: { ref: Redis/web }\n`));
    expect(got.some((l) => l.startsWith('lb.yaml:9:19: ') && l.includes('KubernetesCluster')), got.join('\n')).toBe(true);
  });
});

describe('LoadBalancer member references', () => {
  it('is a validation error at the ref when a member refers to a missing VM, or to another kind (x-ref-kinds)', async () => {
    const vm = '---\napiVersion: caretaker/v1\nkind: VirtualMachine\nmetadata: { name: PEB4APP01 }\nspec: { platform: deb12, resourceId: 1cpu2gb }\n';
    const members = (ref: string) => `${HTTP}  members:\n    - { ref: ${ref}, port: 80 }\n`;
    expect(await lines(lb('url.cegedim.com', members('VirtualMachine/PEB4APP01')) + vm)).toEqual([]);
    expect(await lines(lb('url.cegedim.com', members('VirtualMachine/PEB4APP02')) + vm)).toEqual([
      'lb.yaml:10:14: reference to VirtualMachine/PEB4APP02: no such resource in the manifests; did you mean "VirtualMachine/PEB4APP01"?',
    ]);
    expect(await lines(lb('url.cegedim.com', members('LoadBalancer/url.cegedim.com')))).toEqual([
      'lb.yaml:10:14: members.0 must reference a VirtualMachine, not LoadBalancer/url.cegedim.com',
      'lb.yaml:10:14: reference cycle: LoadBalancer/url.cegedim.com -> LoadBalancer/url.cegedim.com',
    ]);
  });
});

describe('LoadBalancer field policy', () => {
  it('diffs urls and members by name, whitelist as a set, and never compares create-only fields', () => {
    const p = registry.policy('LoadBalancer');
    expect(p.listKeys).toEqual({ '/members': ['name', 'ref', 'resourceId', 'id'], '/urls': 'name' });
    expect(p.refKinds).toEqual({ '/cluster': ['KubernetesCluster'], '/members/*': ['VirtualMachine'] });
    expect(p.unordered).toEqual(['/botDefense/whitelist']);
    expect(p.writeOnly).toEqual(expect.arrayContaining(['/healthcheck', '/portMembers', '/profileName', '/setUpDNSEnabled', '/urls/*/setUpDNSEnabled', '/urls/*/sslProfile']));
    expect(p.immutable).toEqual(expect.arrayContaining(['/certificateName', '/cluster', '/monitoringAlerting', '/networkId']));
    expect(p.immutable).not.toContain('/members');
  });
});
