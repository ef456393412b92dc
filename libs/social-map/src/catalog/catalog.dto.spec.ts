import { describe, expect, it } from '@jest/globals';
import { passendValidationPipe } from '@passend/platform';
import { LocationUpdateRequest, OfferingUpdateRequest } from './catalog.dto.js';

describe('updates of locations and offerings', () => {
  const pipe = passendValidationPipe();
  const asBody = (metatype: new () => object) => ({ type: 'body' as const, metatype, data: undefined });

  // found by the fuzz: PATCH /api/offerings/:id with {"name": null, …} passed validation (null taken for absent) and answered 500
  it.each([
    [OfferingUpdateRequest, { name: null, descriptionNl: 'Dagbehandeling voor jongeren.', minAge: 4, maxAge: 17 }, 'name'],
    [OfferingUpdateRequest, { setting: null }, 'setting'],
    [OfferingUpdateRequest, { specialismCodes: null }, 'specialismCodes'],
    [LocationUpdateRequest, { name: null }, 'name'],
    [LocationUpdateRequest, { municipalityCode: null }, 'municipalityCode'],
  ])('refuses %p %j with a 400 naming the field', async (metatype, body, field) => {
    await expect(pipe.transform(body, asBody(metatype))).rejects.toMatchObject({ code: 'validation_failed', details: { fields: [expect.objectContaining({ field })] } });
  });

  it('still takes a null street or postcode of a location (removes it) and leaves absent fields alone', async () => {
    await expect(pipe.transform({ street: null, postcode: null }, asBody(LocationUpdateRequest))).resolves.toMatchObject({ street: null, postcode: null });
    await expect(pipe.transform({ descriptionNl: 'Nieuw' }, asBody(OfferingUpdateRequest))).resolves.toMatchObject({ descriptionNl: 'Nieuw' });
  });
});
