import { describe, expect, it } from '@jest/globals';
import { passendValidationPipe } from '@passend/platform';
import { BulkCapacityRequest, CapacityUpdateRequest } from './capacity.dto.js';

describe('capacity requests', () => {
  const pipe = passendValidationPipe();
  const row = { offeringId: '2749e6bb-f6de-4ade-bec7-7d1c1ed59514', totalPlaces: 8, freePlaces: 1, waitWeeks: 2, reason: 'intake' };

  // found by the fuzz: POST /api/offerings/capacity/bulk with version 2251799813685086 answered 500 (out of range for the int column)
  it.each([2_251_799_813_685_086, 2_147_483_648, -1])('refuses version %d with a 400 naming it', async (version) => {
    await expect(pipe.transform({ rows: [{ ...row, version }] }, { type: 'body', metatype: BulkCapacityRequest, data: undefined })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: [expect.objectContaining({ field: 'rows[0].version' })] },
    });
    await expect(pipe.transform({ totalPlaces: 8, freePlaces: 1, waitWeeks: 2, version }, { type: 'body', metatype: CapacityUpdateRequest, data: undefined })).rejects.toMatchObject({
      details: { fields: [expect.objectContaining({ field: 'version' })] },
    });
  });

  it('takes the largest version the database holds', async () => {
    await expect(pipe.transform({ rows: [{ ...row, version: 2_147_483_647 }] }, { type: 'body', metatype: BulkCapacityRequest, data: undefined })).resolves.toBeInstanceOf(BulkCapacityRequest);
  });
});
