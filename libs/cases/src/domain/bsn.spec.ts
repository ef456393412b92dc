import { describe, expect, it } from '@jest/globals';
import { isValidBsn, normaliseBsn } from './bsn.js';

describe('BSN eleven-test', () => {
  it('accepts numbers that pass the eleven-test', () => {
    // 111222333: 9+8+7+12+10+8+9+6-3 = 66 = 6*11
    expect(isValidBsn('111222333')).toBe(true);
    // 123456782: 9+16+21+24+25+24+21+16-2 = 154 = 14*11
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('999999990')).toBe(true); // 9*44 = 396 = 36*11, minus 0
  });

  it('refuses a number with one digit mistyped or two digits swapped', () => {
    expect(isValidBsn('111222334')).toBe(false);
    expect(isValidBsn('123456783')).toBe(false);
    expect(isValidBsn('213456782')).toBe(false);
    expect(isValidBsn('123456728')).toBe(false);
  });

  it('reads an eight-digit number with a leading zero (official rule)', () => {
    // 012345672: 0+8+14+18+20+20+18+14-2 = 110 = 10*11
    expect(isValidBsn('012345672')).toBe(true);
    expect(isValidBsn('12345672')).toBe(true);
    expect(isValidBsn('12345673')).toBe(false);
  });

  it('refuses all zeros, which passes the arithmetic', () => {
    expect(isValidBsn('000000000')).toBe(false);
    expect(isValidBsn('00000000')).toBe(false);
  });

  it('refuses other lengths and other characters (normalise user input first)', () => {
    for (const s of ['', '1234567', '1112223330', '11122233a', '111 222 333', '111.222.333', '-11222333', '１１１２２２３３３']) expect(isValidBsn(s)).toBe(false);
  });
});

describe('normaliseBsn', () => {
  it('strips spaces and dots', () => {
    expect(normaliseBsn('111 222 333')).toBe('111222333');
    expect(normaliseBsn('1112.22.333')).toBe('111222333');
    expect(normaliseBsn(' 123456782\t')).toBe('123456782');
    expect(isValidBsn(normaliseBsn('111.222.333'))).toBe(true);
  });

  it('pads eight digits to nine with a leading zero', () => {
    expect(normaliseBsn('12345672')).toBe('012345672');
    expect(normaliseBsn('1234 5672')).toBe('012345672');
  });

  it('leaves anything else for isValidBsn to refuse', () => {
    expect(normaliseBsn('1234567')).toBe('1234567');
    expect(normaliseBsn('12-34-56-782')).toBe('12-34-56-782');
    expect(isValidBsn(normaliseBsn('1234567'))).toBe(false);
  });
});
