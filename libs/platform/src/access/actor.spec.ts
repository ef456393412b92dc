import { describe, expect, it } from '@jest/globals';
import { ipAddressOrUndefined } from './actor.js';

describe('ipAddressOrUndefined', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['2001:DB8::1', '2001:db8::1'],
    [' 198.51.100.1 ', '198.51.100.1'],
  ])('keeps the address %p as %p', (value, address) => {
    expect(ipAddressOrUndefined(value)).toBe(address);
  });

  it.each(['made-up-1', "1.2.3.4'; DROP TABLE x", '999.1.1.1', 'fe80::1%eth0', 'unknown', '', undefined, '1.2.3.4, 5.6.7.8'])(
    'refuses %p', (value) => {
      expect(ipAddressOrUndefined(value)).toBeUndefined();
    },
  );
});
