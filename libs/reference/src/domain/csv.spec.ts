import { describe, expect, it } from '@jest/globals';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas and doubled quotes', () => {
    expect(parseCsv('code,name\nGM0820,"Nuenen, Gerwen en Nederwetten"\n1,"say ""hi"""\n')).toEqual([
      { code: 'GM0820', name: 'Nuenen, Gerwen en Nederwetten' },
      { code: '1', name: 'say "hi"' },
    ]);
  });

  it('accepts CRLF and a missing final newline, keeps empty fields', () => {
    expect(parseCsv('a,b\r\n1,\r\n,2')).toEqual([{ a: '1', b: '' }, { a: '', b: '2' }]);
  });

  it('names a row with the wrong number of fields', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow('CSV row 3 has 1 fields, the header has 2');
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a\n"open\n')).toThrow('quoted field');
  });
});
