import { describe, expect, it } from '@jest/globals';
import { PersonalDataCipher, type PassendConfig } from '@passend/platform';
import { randomBytes } from 'node:crypto';
import { bsnHmac, bsnLookupKey, CasePersonalData, personalDataPlace } from './personal-data.js';

const key = { id: 'k1', key: randomBytes(32) };
const personalData = (k = key) => new CasePersonalData(new PersonalDataCipher(k), { personalDataKey: k } as PassendConfig);
const identity = { givenNames: 'Noa Emma', familyName: 'de Vries', bsn: '111222333', dateOfBirth: '2014-03-09' };

describe('BSN lookup hash', () => {
  it('is a keyed hash: the same BSN gives the same value under one key, another under another key', () => {
    const lookup = bsnLookupKey(key.key);
    expect(bsnHmac(lookup, '111222333')).toBe(bsnHmac(lookup, '111222333'));
    expect(bsnHmac(lookup, '111222333')).toMatch(/^[0-9a-f]{64}$/);
    expect(bsnHmac(lookup, '111222333')).not.toBe(bsnHmac(lookup, '123456782'));
    expect(bsnHmac(bsnLookupKey(randomBytes(32)), '111222333')).not.toBe(bsnHmac(lookup, '111222333'));
  });

  it('uses a key derived from, not equal to, the personal data key', () => {
    expect(bsnLookupKey(key.key).equals(key.key)).toBe(false);
    expect(bsnLookupKey(key.key)).toHaveLength(32);
    expect(bsnLookupKey(key.key).equals(bsnLookupKey(Buffer.from(key.key)))).toBe(true);
  });

  it('refuses anything but a normalised BSN', () => {
    expect(() => bsnHmac(bsnLookupKey(key.key), '1112.22.333')).toThrow(/normalised/);
  });
});

describe('CasePersonalData', () => {
  it('seals a child identity with no plaintext and the key id, and opens it again', () => {
    const pd = personalData();
    const sealed = pd.sealChild('c-1', identity);
    const stored = JSON.stringify(sealed);
    for (const plain of ['Noa', 'Vries', '111222333', '2014-03-09']) expect(stored).not.toContain(plain);
    expect(sealed.key_id).toBe('k1');
    expect(sealed.bsn_enc.startsWith('pd1.k1.')).toBe(true);
    expect(pd.openChild('c-1', sealed)).toEqual(identity);
  });

  it('binds each value to its child and column: moved elsewhere it does not decrypt', () => {
    const pd = personalData();
    const sealed = pd.sealChild('c-1', identity);
    expect(() => pd.openChild('c-2', sealed)).toThrow();
    expect(() => pd.openChild('c-1', { ...sealed, bsn_enc: sealed.given_names_enc })).toThrow();
  });

  it('seals free text per table, row and column', () => {
    const pd = personalData();
    const stored = pd.seal('need', 'n-1', 'notes_enc', 'Noa wil bij haar broer blijven');
    expect(pd.open('need', 'n-1', 'notes_enc', stored)).toBe('Noa wil bij haar broer blijven');
    expect(() => pd.open('need', 'n-2', 'notes_enc', stored)).toThrow();
    expect(pd.openOptional('need', 'n-1', 'notes_enc', null)).toBeNull();
    expect(personalDataPlace('need', 'n-1', 'notes_enc')).toBe('cases.need/n-1/notes_enc');
  });
});
