import { Injectable } from '@nestjs/common';
import { encryptedValuePlace, InjectConfig, PersonalDataCipher, type PassendConfig, type RotationRowHook } from '@passend/platform';
import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Where an encrypted value lives: its table, its row and its column. Used as the associated data
 * of AES-GCM, so a ciphertext only decrypts in its own place: copied to another row (another
 * child) or another column (a name into the BSN field), it fails instead of showing wrong data.
 */
export function personalDataPlace(table: string, rowId: string, column: string): string {
  return encryptedValuePlace('cases', table, rowId, column);
}

/**
 * The key of the BSN lookup hash: derived (HKDF-SHA256, info 'bsn-lookup') from the personal
 * data key, so the database alone (a dump, a replica) cannot tell whether a given BSN is in it.
 */
export function bsnLookupKey(personalDataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', personalDataKey, Buffer.alloc(0), Buffer.from('bsn-lookup', 'utf8'), 32));
}

/** HMAC-SHA256 of a normalised BSN (nine digits), hex: the same child always gives the same value under one key. */
export function bsnHmac(lookupKey: Buffer, normalisedBsn: string): string {
  if (!/^\d{9}$/.test(normalisedBsn)) throw new Error('bsnHmac needs a normalised nine-digit BSN');
  return createHmac('sha256', lookupKey).update(normalisedBsn, 'utf8').digest('hex');
}

export interface ChildIdentity {
  givenNames: string;
  familyName: string;
  /** normalised, nine digits */
  bsn: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
}

export interface SealedChildIdentity {
  given_names_enc: string;
  family_name_enc: string;
  bsn_enc: string;
  date_of_birth_enc: string;
  bsn_hmac: string;
  key_id: string;
}

const CHILD_COLUMNS = {
  givenNames: 'given_names_enc',
  familyName: 'family_name_enc',
  bsn: 'bsn_enc',
  dateOfBirth: 'date_of_birth_enc',
} as const;

/**
 * Encrypts and decrypts the personal data of case records. Each value is bound to its place
 * (`personalDataPlace`); the key id travels inside each value and, for children, in `key_id`
 * too, so a rotation job finds the rows still under an old key. Never log what passes through.
 */
@Injectable()
export class CasePersonalData {
  private readonly lookupKey: Buffer;
  /** the lookup keys of the current key and of the keys of a rotation still running (PERSONAL_DATA_PREVIOUS_KEYS) */
  private readonly lookupKeys: Buffer[];
  private readonly keyId: string;

  constructor(
    private readonly cipher: PersonalDataCipher,
    @InjectConfig() config: PassendConfig,
  ) {
    this.lookupKey = bsnLookupKey(config.personalDataKey.key);
    this.lookupKeys = [this.lookupKey, ...(config.personalDataPreviousKeys ?? []).map((k) => bsnLookupKey(k.key))];
    this.keyId = config.personalDataKey.id;
  }

  /** The BSN's keyed hash under the current key: what a new or rotated record stores. */
  bsnHmac(normalisedBsn: string): string {
    return bsnHmac(this.lookupKey, normalisedBsn);
  }

  /** Every hash a record of this BSN may carry while a key rotation runs (the current one first): look records up with all of them. */
  bsnHmacs(normalisedBsn: string): string[] {
    return this.lookupKeys.map((key) => bsnHmac(key, normalisedBsn));
  }

  sealChild(childId: string, identity: ChildIdentity): SealedChildIdentity {
    const seal = (field: keyof typeof CHILD_COLUMNS) => this.cipher.encrypt(identity[field], personalDataPlace('child', childId, CHILD_COLUMNS[field]));
    return {
      given_names_enc: seal('givenNames'),
      family_name_enc: seal('familyName'),
      bsn_enc: seal('bsn'),
      date_of_birth_enc: seal('dateOfBirth'),
      bsn_hmac: this.bsnHmac(identity.bsn),
      key_id: this.keyId,
    };
  }

  openChild(childId: string, sealed: Pick<SealedChildIdentity, 'given_names_enc' | 'family_name_enc' | 'bsn_enc' | 'date_of_birth_enc'>): ChildIdentity {
    const open = (field: keyof typeof CHILD_COLUMNS) => this.cipher.decrypt(sealed[CHILD_COLUMNS[field]], personalDataPlace('child', childId, CHILD_COLUMNS[field]));
    return { givenNames: open('givenNames'), familyName: open('familyName'), bsn: open('bsn'), dateOfBirth: open('dateOfBirth') };
  }

  /** A free text of a case record (notes, explanations, statements) in its place. */
  seal(table: string, rowId: string, column: string, plaintext: string): string {
    return this.cipher.encrypt(plaintext, personalDataPlace(table, rowId, column));
  }

  open(table: string, rowId: string, column: string, stored: string): string {
    return this.cipher.decrypt(stored, personalDataPlace(table, rowId, column));
  }

  openOptional(table: string, rowId: string, column: string, stored: string | null): string | null {
    return stored === null ? null : this.open(table, rowId, column, stored);
  }
}

/**
 * For `rotatePersonalData`: a child's BSN lookup hash is recomputed under the new key together with
 * its encrypted identity, in the same row update.
 */
export function childLookupRotation(currentKey: Buffer): RotationRowHook {
  const lookupKey = bsnLookupKey(currentKey);
  return (table, plaintexts): Record<string, string> => {
    if (table.schema !== 'cases' || table.table !== 'child') return {};
    const bsn = plaintexts[CHILD_COLUMNS.bsn];
    if (!bsn) throw new Error('a child record without a BSN cannot be rotated');
    return { bsn_hmac: bsnHmac(lookupKey, bsn) };
  };
}
