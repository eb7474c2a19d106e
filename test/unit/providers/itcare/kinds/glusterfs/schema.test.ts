// GlusterFS schema cases through the loader, each with its reason (`001:23320-23445`, volumes
// `001:23543-23595`): file:line:col errors before any request.
import { describe, expect, it } from 'vitest';
import { diagnosticsOf, docOf } from '../../schema-support.js';

const ENV = { GL_PASSWORD: 'Orders#Files2026', VOL_PASSWORD: 'Reports#2026' };
const spec = (over = '') => `  diskSize: 20
  user_name: orders
  admPassword: \${env:GL_PASSWORD}
${over}`;

describe('GlusterFS schema', () => {
  const cases: Record<string, { reason: string; name?: string; spec: string; want: string[] }> = {
    Valid: { reason: 'a cluster with two more volumes; nodeSizing left out (absent from the prose, 001:23330-23350)', spec: spec('  volumes:\n    - { name: reports, diskSize: 10, userPass: "${env:VOL_PASSWORD}" }\n    - { name: audit, diskSize: "42" }\n'), want: [] },
    ProseSpelling: { reason: "the prose's userName is accepted (001:23335)", spec: spec().replace('user_name', 'userName'), want: [] },
    StringDisk: { reason: 'the example\'s string diskSize "15" is accepted (001:23348)', spec: spec().replace('diskSize: 20', 'diskSize: "15"'), want: [] },
    BothSpellings: { reason: 'user_name and userName together are ambiguous', spec: spec('  userName: other\n'), want: ['doc.yaml:6:3: spec: must set user_name (or its prose spelling userName), not both'] },
    NoUser: { reason: 'one of the two spellings is required (001:23440)', spec: spec().replace('  user_name: orders\n', ''), want: ['doc.yaml:6:3: spec: must set user_name (or its prose spelling userName), not both'] },
    UserPattern: { reason: 'user_name is [a-z0-9_-]{1,32} (001:23440)', spec: spec().replace('user_name: orders', 'user_name: Orders'), want: ['doc.yaml:7:14: spec.user_name: must be 1 to 32 lowercase letters, digits, \'-\' or \'_\' (got "Orders")'] },
    DiskRange: { reason: 'diskSize is 10..1024 GB (001:23334)', spec: spec().replace('diskSize: 20', 'diskSize: 2000'), want: ['doc.yaml:6:13: spec.diskSize: must be 10 to 1024 (GB), as a number or a numeric string'] },
    DiskStringRange: { reason: 'a string diskSize is checked against the same range', spec: spec().replace('diskSize: 20', 'diskSize: "5"'), want: ['doc.yaml:6:13: spec.diskSize: must be 10 to 1024 (GB), as a number or a numeric string'] },
    Name: { reason: 'the name is [a-z0-9_-]{5,60} (001:23391)', name: 'fs', spec: spec(), want: ['doc.yaml:4:9: metadata.name: must be 5 to 60 lowercase letters, digits, \'-\' or \'_\' (got "fs")'] },
    DuplicateVolume: {
      reason: 'two volumes with the same name are a validation error (volumes are keyed by name)',
      spec: spec('  volumes:\n    - { name: reports, diskSize: 10 }\n    - { name: reports, diskSize: 20 }\n'),
      want: ['doc.yaml:11:15: spec.volumes.1: name "reports" is already used by item 0; each item of spec.volumes needs its own name'],
    },
    VolumeSize: { reason: 'a volume size is 10..1024 GB too', spec: spec('  volumes:\n    - { name: reports, diskSize: 0 }\n'), want: ['doc.yaml:10:34: spec.volumes.0.diskSize: must be 10 to 1024 (GB), as a number or a numeric string'] },
    VolumeField: { reason: 'a volume has name, diskSize and userPass only', spec: spec('  volumes:\n    - { name: reports, diskSize: 10, user: x }\n'), want: ['doc.yaml:10:38: unknown field "user" in spec.volumes.0'] },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    expect(await diagnosticsOf(docOf('GlusterFS', c.name ?? 'orders-files', c.spec), ENV), c.reason).toEqual(c.want);
  });
});
