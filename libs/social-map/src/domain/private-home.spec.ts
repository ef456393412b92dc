import { describe, expect, it } from '@jest/globals';
import { housesPrivateHome, placeAsSeenBy, withholdAddress } from './private-home.js';

const home = {
  id: 'loc-1',
  providerId: 'provider-a',
  name: 'Gezinshuis Jansen',
  street: 'Dorpsstraat 1',
  postcode: '3581 JK',
  city: 'Utrecht',
  municipalityCode: 'GM0344',
  latitude: 52.0889,
  longitude: 5.1342,
};
const utrecht = { name: 'Utrecht', latitude: 52.09, longitude: 5.12 };

describe('private homes', () => {
  it('a location houses a private home when any of its offerings is a family home or foster care', () => {
    expect(housesPrivateHome(['residential', 'family_home'])).toBe(true);
    expect(housesPrivateHome(['foster_care'])).toBe(true);
    expect(housesPrivateHome(['residential', 'ambulant'])).toBe(false);
    expect(housesPrivateHome([])).toBe(false);
  });

  it('withholds street, postcode, name and position: only the municipality and its centre remain', () => {
    expect(withholdAddress(home, utrecht)).toEqual({
      id: 'loc-1',
      providerId: 'provider-a',
      name: 'Utrecht',
      street: null,
      postcode: null,
      city: 'Utrecht',
      municipalityCode: 'GM0344',
      latitude: 52.09,
      longitude: 5.12,
      addressWithheld: true,
    });
  });

  it('gives no coordinates at all when the municipality centre is unknown, never the house', () => {
    const place = withholdAddress(home, { name: 'Utrecht', latitude: null, longitude: null });
    expect([place.latitude, place.longitude]).toEqual([null, null]);
  });

  it('shows the full address to the location\'s own provider only', () => {
    expect(placeAsSeenBy(home, { privateHome: true, municipality: utrecht, viewerProviderId: 'provider-a' })).toEqual({ ...home, addressWithheld: false });
    expect(placeAsSeenBy(home, { privateHome: true, municipality: utrecht, viewerProviderId: 'provider-b' })).toMatchObject({ street: null, postcode: null, latitude: 52.09, addressWithheld: true });
    expect(placeAsSeenBy(home, { privateHome: true, municipality: utrecht, viewerProviderId: null })).toMatchObject({ name: 'Utrecht', addressWithheld: true });
  });

  it('shows a location without a private home in full to everyone', () => {
    expect(placeAsSeenBy(home, { privateHome: false, municipality: utrecht, viewerProviderId: null })).toEqual({ ...home, addressWithheld: false });
  });
});
