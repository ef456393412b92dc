import type { Principal, Role } from '@passend/platform/domain';

/**
 * A module's statement of who may do what to which record. Rules are pure functions of the
 * principal and (when there is one) the record; an action without a rule is denied.
 *
 *   export const offeringPolicy = definePolicy<Offering>('offering', {
 *     read: () => true,
 *     updateCapacity: (p, o) => p.role === 'provider_staff' && p.organisationId === o.providerId,
 *   });
 */
export type PolicyRule<R> = (principal: Principal, record: R) => boolean;

export interface Policy<R, A extends string = string> {
  readonly subjectType: string;
  readonly rules: Readonly<Record<A, PolicyRule<R>>>;
}

export function definePolicy<R, A extends string = string>(subjectType: string, rules: Record<A, PolicyRule<R>>): Policy<R, A> {
  return { subjectType, rules };
}

export function isAllowed<R, A extends string>(policy: Policy<R, A>, principal: Principal, action: A, record: R): boolean {
  const rule = policy.rules[action];
  return typeof rule === 'function' && rule(principal, record) === true;
}

/** Rule helpers that read as the domain speaks. */
export const hasRole =
  (...roles: Role[]) =>
  (principal: Principal): boolean =>
    roles.includes(principal.role);

export const sameOrganisation =
  <R>(organisationOf: (record: R) => string | null | undefined, ...roles: Role[]) =>
  (principal: Principal, record: R): boolean =>
    (roles.length === 0 || roles.includes(principal.role)) && organisationOf(record) === principal.organisationId;
