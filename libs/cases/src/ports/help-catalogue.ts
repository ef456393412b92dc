import type { EntityManager } from 'typeorm';

/** Runs SQL: the caller's transaction, so a check inside a change reads on the change's connection. */
export type SqlRunner = Pick<EntityManager, 'query'>;

/**
 * What cases needs to know of the help on offer, declared by cases and implemented elsewhere
 * (the social map's OfferingReader), bound in the apps' modules: cases never imports the social
 * map, and the social map never imports cases.
 */
export abstract class HelpCatalogue {
  /** Whether an offering with this id exists (active or not: help may have started before it closed). */
  abstract offeringExists(offeringId: string, runner?: SqlRunner): Promise<boolean>;
  /** The codes among these that are not in the specialism taxonomy, in their order, each once. */
  abstract unknownSpecialisms(codes: readonly string[], runner?: SqlRunner): Promise<string[]>;
}
