import { describe, expect, it } from '@jest/globals';
import {
  dutchYears,
  eligibilityText,
  pageOf,
  stableUuid,
  toHsdsLocation,
  toHsdsOrganization,
  toHsdsService,
  waitTimeText,
  type ServiceRow,
} from './hsds-mapping.js';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const row = (overrides: Partial<ServiceRow> = {}): ServiceRow => ({
  id: '0b7f3a52-3c1e-4d2a-9f0e-1a2b3c4d5e6f',
  providerId: '5d1c9e2a-7b3f-4a6d-8e9f-0a1b2c3d4e5f',
  name: 'Behandelgroep De Linde',
  descriptionNl: 'Verblijf met behandeling',
  categoryCode: '43',
  categoryLabel: 'Jeugdhulp verblijf (incl. behandeling)',
  setting: 'residential',
  minAge: 4,
  maxAge: 17.5,
  exclusionCriteria: [],
  requiresSecureAuthorisation: false,
  totalPlaces: 6,
  freePlaces: 1,
  waitWeeks: 0,
  capacityConfirmedAt: new Date('2025-06-02T08:30:00Z'),
  lastModified: new Date('2025-06-03T10:00:00Z'),
  location: {
    id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    name: 'Locatie Oudwijk',
    street: 'Oudwijk 12',
    postcode: '3581 JK',
    city: 'Utrecht',
    municipalityCode: 'GM0344',
    municipalityName: 'Utrecht',
    province: 'Utrecht',
    latitude: 52.0907,
    longitude: 5.1214,
    municipalityLatitude: 52.09,
    municipalityLongitude: 5.12,
    privateHome: false,
  },
  ...overrides,
});

describe('stable ids', () => {
  it('are UUID v5, the same for the same names and different for different ones', () => {
    expect(stableUuid('service_area', 'a', 'JZ22')).toMatch(UUID_V5);
    expect(stableUuid('service_area', 'a', 'JZ22')).toBe(stableUuid('service_area', 'a', 'JZ22'));
    expect(stableUuid('service_area', 'a', 'JZ22')).not.toBe(stableUuid('service_area', 'a', 'JZ23'));
    // the parts are kept apart: ('ab', 'c') is not ('a', 'bc')
    expect(stableUuid('ab', 'c')).not.toBe(stableUuid('a', 'bc'));
  });
});

describe('texts', () => {
  it('writes ages the Dutch way', () => {
    expect(dutchYears(4)).toBe('4');
    expect(dutchYears(17.5)).toBe('17,5');
    expect(dutchYears(0)).toBe('0');
  });

  it('describes eligibility from the age range, exclusions and secure care', () => {
    expect(eligibilityText(row())).toBe('Leeftijd 4 tot 17,5 jaar');
    expect(eligibilityText(row({ exclusionCriteria: ['acute suïcidaliteit', 'harddrugsgebruik'], requiresSecureAuthorisation: true }))).toBe(
      'Leeftijd 4 tot 17,5 jaar. Niet voor: acute suïcidaliteit; harddrugsgebruik. Alleen met een machtiging gesloten jeugdhulp',
    );
  });

  it('says "Direct plaats" while a place is free, else the wait', () => {
    expect(waitTimeText(1, 6)).toBe('Direct plaats');
    expect(waitTimeText(0, 6)).toBe('Wachttijd 6 weken');
    expect(waitTimeText(0, 1)).toBe('Wachttijd 1 week');
    expect(waitTimeText(0, 0)).toBe('Vol; verwachte wachttijd korter dan een week');
  });
});

describe('locations', () => {
  it('gives an institution\'s address and coordinates', () => {
    expect(toHsdsLocation(row())).toEqual({
      id: row().location.id,
      location_type: 'physical',
      organization_id: row().providerId,
      name: 'Locatie Oudwijk',
      latitude: 52.0907,
      longitude: 5.1214,
      external_identifier: 'GM0344',
      external_identifier_type: 'CBS gemeentecode',
      addresses: [
        {
          id: expect.stringMatching(UUID_V5),
          location_id: row().location.id,
          address_1: 'Oudwijk 12',
          city: 'Utrecht',
          region: 'Utrecht',
          state_province: 'Utrecht',
          postal_code: '3581 JK',
          country: 'NL',
          address_type: 'physical',
        },
      ],
    });
  });

  it('has no address entry without a street or postcode (HSDS requires both)', () => {
    expect(toHsdsLocation(row({ location: { ...row().location, street: null } })).addresses).toEqual([]);
    expect(toHsdsLocation(row({ location: { ...row().location, postcode: null } })).addresses).toEqual([]);
  });

  it.each(['foster_care', 'family_home'] as const)('withholds the home address of %s: municipality and its centre only', (setting) => {
    const location = toHsdsLocation(row({ setting }));
    expect(location.addresses).toEqual([]);
    expect([location.latitude, location.longitude]).toEqual([52.09, 5.12]);
    expect(location.description).toContain('gemeente Utrecht');
    expect(JSON.stringify(location)).not.toMatch(/Oudwijk|3581|52\.0907|5\.1214/);
  });

  it('withholds the address of every service at a location that houses a private home, a residential one too', () => {
    const location = toHsdsLocation(row({ setting: 'residential', location: { ...row().location, name: 'Gezinshuis Jansen', privateHome: true } }));
    expect(location).toMatchObject({ name: 'Utrecht', addresses: [], latitude: 52.09, longitude: 5.12 });
    expect(JSON.stringify(location)).not.toMatch(/Jansen|Oudwijk|3581|52\.0907|5\.1214/);
  });

  it('leaves the coordinates out of a home whose municipality centre is unknown', () => {
    const location = toHsdsLocation(row({ setting: 'family_home', location: { ...row().location, municipalityLatitude: null, municipalityLongitude: null } }));
    expect(location).not.toHaveProperty('latitude');
    expect(location).not.toHaveProperty('longitude');
  });
});

describe('services', () => {
  it('maps capacity, the JZ020 category, setting, specialisms and regions', () => {
    const service = toHsdsService(row(), [{ code: 'trauma_treatment', labelNl: 'Traumabehandeling', labelEn: 'trauma treatment' }], [
      { code: 'JZ22', name: 'Utrecht Stad', mainProvince: 'Utrecht', municipalities: 'Utrecht' },
    ]);
    expect(service.capacities).toEqual([
      expect.objectContaining({ service_id: row().id, available: 1, maximum: 6, updated: '2025-06-02T08:30:00.000Z', unit: expect.objectContaining({ name: 'places' }) }),
    ]);
    expect(service.attributes.map((a) => [a.link_type, a.taxonomy_term.taxonomy, a.taxonomy_term.code, a.taxonomy_term.name])).toEqual([
      ['category', 'iJw JZ020', '43', 'Jeugdhulp verblijf (incl. behandeling)'],
      ['setting', 'Passend zorgvorm', 'residential', 'Residentieel'],
      ['specialism', 'Passend specialismen', 'trauma_treatment', 'Traumabehandeling'],
    ]);
    expect(service.service_areas).toEqual([expect.objectContaining({ name: 'Utrecht Stad (JZ22)', extent: 'Utrecht', extent_type: 'text' })]);
    expect(service.last_modified).toBe('2025-06-03T10:00:00.000Z');
  });

  it('gives the same term id to the same term in every service', () => {
    const a = toHsdsService(row(), [], []);
    const b = toHsdsService(row({ id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }), [], []);
    expect(a.attributes[0]!.taxonomy_term_id).toBe(b.attributes[0]!.taxonomy_term_id);
    expect(a.attributes[0]!.id).not.toBe(b.attributes[0]!.id);
  });

  it('names a category missing from the code list by its code', () => {
    expect(toHsdsService(row({ categoryCode: '99', categoryLabel: null }), [], []).attributes[0]!.taxonomy_term.name).toBe('Productcategorie 99');
  });
});

describe('organizations', () => {
  const provider = { id: row().providerId, name: 'De Linde', description: '', website: 'https://www.delinde.example.nl', email: 'info@delinde.example.nl', phone: '030 123 45 67', kvkNumber: '12345678' };

  it('gives the KvK number as an NL-KVK identifier and the general phone number', () => {
    const organization = toHsdsOrganization(provider);
    expect(organization.organization_identifiers).toEqual([
      { id: expect.stringMatching(UUID_V5), organization_id: provider.id, identifier_scheme: 'NL-KVK', identifier_type: 'KvK-nummer', identifier: '12345678' },
    ]);
    expect(organization.phones).toEqual([expect.objectContaining({ number: '030 123 45 67', organization_id: provider.id })]);
  });

  it('leaves out what the provider did not fill in, and a website that is not a URL', () => {
    const organization = toHsdsOrganization({ ...provider, website: 'www.delinde', email: null, phone: null, kvkNumber: null });
    expect(organization).toEqual({ id: provider.id, name: 'De Linde', description: '', phones: [], organization_identifiers: [] });
  });
});

describe('pages', () => {
  it('follows the HSDS Page shape', () => {
    expect(pageOf(3, 1, 2, 2)).toEqual({ total_items: 3, total_pages: 2, page_number: 1, size: 2, first_page: true, last_page: false, empty: false });
    expect(pageOf(3, 2, 2, 1)).toEqual({ total_items: 3, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false });
    expect(pageOf(3, 5, 2, 0)).toMatchObject({ last_page: true, empty: true });
    expect(pageOf(0, 1, 50, 0)).toEqual({ total_items: 0, total_pages: 0, page_number: 1, size: 0, first_page: true, last_page: true, empty: true });
  });
});
