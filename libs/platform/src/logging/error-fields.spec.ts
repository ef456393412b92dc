import { describe, expect, it } from '@jest/globals';
import { errorFields } from './logger.js';

describe('what a log line says about an error', () => {
  it('keeps the class, the SQLSTATE and the constraint, never the message', () => {
    const driver = Object.assign(new Error('duplicate key value violates unique constraint "child_bsn_hmac_uq": Key (bsn_hmac)=(9f3c…) already exists'), {
      name: 'QueryFailedError',
      driverError: { code: '23505', constraint: 'child_bsn_hmac_uq' },
    });
    expect(errorFields(driver)).toEqual({ errorName: 'QueryFailedError', code: '23505', constraint: 'child_bsn_hmac_uq' });
    expect(JSON.stringify(errorFields(driver))).not.toContain('Key (');
  });
  it('copes with anything thrown', () => {
    expect(errorFields(undefined)).toEqual({ errorName: 'Error' });
    expect(errorFields('a string')).toEqual({ errorName: 'Error' });
    expect(errorFields(Object.assign(new Error('Noa de Vries not found'), { code: 'not_found' }))).toEqual({ errorName: 'Error', code: 'not_found' });
  });
});
