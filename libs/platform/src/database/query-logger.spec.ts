import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { QueryLogger, statementShape } from './query-logger.js';

describe('QueryLogger', () => {
  it('keeps the shape of a statement: literals and numbers out, whitespace folded, at most 160 characters', () => {
    expect(statementShape(`SELECT id FROM example.person WHERE family_name = 'de Vries' AND age > 12\n   LIMIT 5`)).toBe(`SELECT id FROM example.person WHERE family_name = '?' AND age > ? LIMIT ?`);
    expect(statementShape(`SELECT 'it''s Anna'`)).toBe(`SELECT '?'`);
    expect(statementShape('x'.repeat(500))).toHaveLength(160);
  });

  it('logs a failed query with its SQL state and shape, never its parameters or the driver\'s message', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const error = Object.assign(new Error('duplicate key value violates unique constraint: Key (email)=(sanne@example.nl)'), { code: '23505' });
      new QueryLogger().logQueryError(error, 'INSERT INTO example.person (email) VALUES ($1)');
      expect(warn).toHaveBeenCalledTimes(1);
      const logged = JSON.stringify(warn.mock.calls[0]);
      expect(logged).toContain('23505');
      expect(logged).toContain('INSERT INTO example.person (email) VALUES ($1)');
      expect(logged).not.toContain('sanne@example.nl');
      expect(logged).not.toContain('duplicate key');
    } finally {
      warn.mockRestore();
    }
  });
});
