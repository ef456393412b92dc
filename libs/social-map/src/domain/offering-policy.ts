import { definePolicy, hasRole } from '@passend/identity/domain';
import type { Principal } from '@passend/platform/domain';

/** Who may do what to an offering: providers keep their own offerings; everyone signed in may read the map. */
export interface OfferingOwnership {
  providerId: string;
}

const ownProvider = (p: Principal, o: OfferingOwnership) => p.role === 'provider_staff' && p.organisationId === o.providerId;

export const offeringPolicy = definePolicy<OfferingOwnership, 'read' | 'update' | 'update_capacity' | 'confirm_capacity' | 'deactivate'>('offering', {
  read: () => true,
  update: ownProvider,
  update_capacity: ownProvider,
  confirm_capacity: ownProvider,
  deactivate: (p, o) => ownProvider(p, o) || p.role === 'admin',
});

export const locationPolicy = definePolicy<OfferingOwnership, 'create' | 'update'>('location', {
  create: ownProvider,
  update: ownProvider,
});

/** Holds: guardians and expert tables claim places for a child; the provider of the offering may release one. */
export interface HoldOwnership {
  createdByOrganisation: string | null;
  providerId: string;
}

/** Who may hold a place at all: the people who place children. Admins manage, they do not place. */
export const PLACE_HOLD_ROLES = ['guardian', 'expert_member'] as const;

export const holdPolicy = definePolicy<HoldOwnership, 'place' | 'read' | 'release' | 'confirm'>('hold', {
  place: (p) => (PLACE_HOLD_ROLES as readonly string[]).includes(p.role),
  read: (p, h) => p.organisationId === h.createdByOrganisation || p.organisationId === h.providerId || hasRole('admin')(p),
  release: (p, h) => p.organisationId === h.createdByOrganisation || (p.role === 'provider_staff' && p.organisationId === h.providerId) || hasRole('admin')(p),
  confirm: (p, h) => p.organisationId === h.createdByOrganisation && (PLACE_HOLD_ROLES as readonly string[]).includes(p.role),
});
