import { isPrivateHomeSetting } from '@passend/reference/domain';

/**
 * Homes are private (DOMAIN.md): a family home or a foster family is somebody's house. A location
 * that houses any such offering (active or not: privacy is decided per location, never per
 * offering) shows nobody but its own provider more than its municipality.
 */

/** The place fields of a location as the platform shows them. */
export interface Place {
  name: string;
  street: string | null;
  postcode: string | null;
  city: string;
  latitude: number | null;
  longitude: number | null;
}

/** The municipality a withheld place is shown as: its name and (approximate) centre. */
export interface MunicipalityCentre {
  name: string;
  latitude: number | null;
  longitude: number | null;
}

/** Whether a location houses a private home, from the settings of all its offerings. */
export function housesPrivateHome(settings: readonly string[]): boolean {
  return settings.some(isPrivateHomeSetting);
}

/**
 * The place reduced to its municipality: no street or postcode, the municipality's name for the
 * location's name and city (a name such as "Gezinshuis Jansen" names the household) and the
 * municipality's centre for the coordinates (null when the centre is unknown, never the house).
 */
export function withholdAddress<T extends Place>(place: T, municipality: MunicipalityCentre): T & { addressWithheld: true } {
  return {
    ...place,
    name: municipality.name,
    street: null,
    postcode: null,
    city: municipality.name,
    latitude: municipality.latitude,
    longitude: municipality.longitude,
    addressWithheld: true,
  };
}

/**
 * The place as one viewer may see it: in full for the location's own provider (or when the location
 * houses no private home), otherwise withheld. `viewerProviderId` is the provider the viewer works
 * for, null for anyone else (guardians, officers, the public).
 */
export function placeAsSeenBy<T extends Place & { providerId: string }>(
  place: T,
  context: { privateHome: boolean; municipality: MunicipalityCentre; viewerProviderId: string | null },
): T & { addressWithheld: boolean } {
  if (!context.privateHome || (context.viewerProviderId !== null && context.viewerProviderId === place.providerId)) {
    return { ...place, addressWithheld: false };
  }
  return withholdAddress(place, context.municipality);
}
