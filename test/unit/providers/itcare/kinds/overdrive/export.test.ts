// The OverDrive export against the simulator, after applying examples/estate's OverDrive beside a VM of
// the seeded service: region (returned nowhere) guessed from the service's instances, driveSiteUri from
// the GET's url, no patchParty (not a field of the kind), each with a note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { ESTATE_ENV, estateFiles, exportOf } from '../../export-support.js';

describe('OverDrive export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary({ env: ESTATE_ENV });
    await (await lib.planFiles(estateFiles('overdrive'))).run();
  });
  afterAll(async () => lib?.close());

  it('reads the instance in spec shape with its guessed region and drive URL', async () => {
    const { rules, resources } = await exportOf(lib, 'OverDrive');
    expect(rules).toEqual({ fileStem: 'overdrive' });
    expect(resources).toHaveLength(1);
    const [r] = resources;
    expect(r).toMatchObject({ name: 'estate-drive', owner: 'estate-qa', spec: { sizing: 'XS', state: 'running', tags: { app: 'estate' }, driveSiteUri: 'drive.estate.cegedim.cloud' } });
    expect(r!.spec).not.toHaveProperty('patchParty');
    expect(r!.notes!['spec.driveSiteUri']).toContain("read from the GET's url");
    // The seeded service 46922 holds VMs in EB: the guess, with its note.
    expect(r!.spec.region).toBe('EB');
    expect(r!.notes!['spec.region']).toContain("NOT READABLE from the API: the region of most of the service's instances");
  });
});
