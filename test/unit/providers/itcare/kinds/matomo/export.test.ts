// The Matomo export against the simulator, after applying examples/estate's Matomo: sizing and state,
// region guessed from the service's instances with a note, no patchParty, no default site (never read).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { ESTATE_ENV, estateFiles, exportOf } from '../../export-support.js';

describe('Matomo export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary({ env: ESTATE_ENV });
    await (await lib.planFiles(estateFiles('matomo'))).run();
  });
  afterAll(async () => lib?.close());

  it('reads the instance in spec shape', async () => {
    const { rules, resources } = await exportOf(lib, 'Matomo');
    expect(rules).toEqual({ fileStem: 'matomo' });
    expect(resources).toHaveLength(1);
    const [r] = resources;
    expect(r).toMatchObject({ name: 'estate-stats', owner: 'estate-qa', spec: { sizing: 'XS', state: 'running', region: 'EB', tags: { app: 'estate' } } });
    for (const k of ['patchParty', 'defaultWebSiteName', 'defaultWebUri', 'password']) expect(r!.spec).not.toHaveProperty(k);
    expect(Object.keys(r!.notes!)).toEqual(['spec.region']);
  });
});
