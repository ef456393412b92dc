import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderClosedToOthers } from './embedded-postgres.js';

describe('a data folder the embedded database can reach', () => {
  const root = mkdtempSync(join(tmpdir(), 'passend-reach-'));
  afterAll(() => {
    chmodSync(join(root, 'home'), 0o755);
    rmSync(root, { recursive: true, force: true });
  });

  it('names the first folder above that others cannot enter (a private home folder)', () => {
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'home', 'me', '.data'), { recursive: true });
    chmodSync(join(root, 'home'), 0o700);
    expect(folderClosedToOthers(join(root, 'home', 'me', '.data', 'postgres'))).toBe(join(root, 'home'));
  });

  it('finds none when every folder above is open to others', () => {
    chmodSync(join(root, 'home'), 0o755);
    mkdirSync(join(root, 'open', 'data'), { recursive: true });
    // the system folders above the temporary folder (/tmp, /) are open on every machine this runs on
    expect(folderClosedToOthers(join(root, 'open', 'data'))).toBeUndefined();
  });
});
