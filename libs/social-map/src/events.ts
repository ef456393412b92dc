import { defineEvent } from '@passend/platform';

/**
 * The social map's domain events, published through the outbox in the transaction of the change
 * (ids and codes only). Any lib may subscribe (@EventSubscriber); the social map names no
 * subscriber. Search indexing subscribes to both offering events (when MEILI_URL is set).
 */

/**
 * The capacity of offerings changed, or may have: places set (one or in bulk), confirmed, taken
 * by a hold, given back by a release or expiry, a hold confirmed, an offering deactivated.
 */
export const CapacityChanged = defineEvent<{ offeringIds: string[] }>('social-map.capacity-changed');

/** Offerings were created or their details changed (name, category, location, provider, links). */
export const OfferingChanged = defineEvent<{ offeringIds: string[] }>('social-map.offering-changed');

/** A hold left `held`: released, expired or confirmed. */
export const HoldResolved = defineEvent<{ holdId: string; offeringId: string; state: 'released' | 'expired' | 'confirmed' }>('social-map.hold-resolved');
