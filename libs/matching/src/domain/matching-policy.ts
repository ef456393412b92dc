import { definePolicy } from '@passend/identity/domain';
import type { Principal } from '@passend/platform/domain';

/**
 * Who may do what with a proposal. Institutions are walls: a guardian acts only on proposals
 * for children of the own institution. A provider sees only proposals to its own offerings, and
 * only once they are offered (before that the child is not the provider's business). Expert
 * members act through their table (referralPolicy), never on proposals directly.
 */
export interface ProposalOwnership {
  institutionId: string;
  providerId: string;
  state: string;
  /** was it ever offered to the provider? Before that the child is not the provider's business */
  offered: boolean;
}

const ownInstitution = (p: Principal, r: ProposalOwnership) => p.role === 'guardian' && p.organisationId === r.institutionId;
const ownProvider = (p: Principal, r: ProposalOwnership) => p.role === 'provider_staff' && p.organisationId === r.providerId;
const PROVIDER_VISIBLE = ['offered', 'accepted', 'declined', 'expired', 'started', 'withdrawn'];

export type ProposalAction = 'read' | 'offer' | 'withdraw' | 'start' | 'answer' | 'read_profile' | 'read_identity';

export const proposalPolicy = definePolicy<ProposalOwnership, ProposalAction>('proposal', {
  read: ownInstitution,
  offer: ownInstitution,
  withdraw: ownInstitution,
  start: ownInstitution,
  answer: ownProvider,
  read_profile: (p, r) => ownProvider(p, r) && r.offered && PROVIDER_VISIBLE.includes(r.state),
  // the child's identity reaches the provider only after it accepted, and only while the placement stands
  read_identity: (p, r) => ownProvider(p, r) && (r.state === 'accepted' || r.state === 'started'),
});

/** A case's matching (its proposals, alternatives, referral): the guardians of the case's institution. */
export interface CaseOwnership {
  institutionId: string;
}

export const caseMatchingPolicy = definePolicy<CaseOwnership, 'read' | 'propose' | 'refer'>('case_matching', {
  read: (p, r) => p.role === 'guardian' && p.organisationId === r.institutionId,
  propose: (p, r) => p.role === 'guardian' && p.organisationId === r.institutionId,
  refer: (p, r) => p.role === 'guardian' && p.organisationId === r.institutionId,
});

/** A referral: the members of the table it is referred to, while it is referred there. */
export interface ReferralOwnership {
  /** ids of the users who are members of the referral's table */
  members: readonly string[];
  state: string;
}

const REFERRED = ['open', 'waiting_for_information'];

export const referralPolicy = definePolicy<ReferralOwnership, 'read' | 'decide'>('referral', {
  // while referred: a decided, escalated or withdrawn referral is no longer the table's business
  read: (p, r) => p.role === 'expert_member' && r.members.includes(p.userId) && REFERRED.includes(r.state),
  decide: (p, r) => p.role === 'expert_member' && r.members.includes(p.userId) && REFERRED.includes(r.state),
});

/** An expert table's queue: its members. Admins manage tables and members but see no child data. */
export interface TableOwnership {
  members: readonly string[];
}

export const expertTablePolicy = definePolicy<TableOwnership, 'read_queue' | 'manage'>('expert_table', {
  read_queue: (p, t) => p.role === 'expert_member' && t.members.includes(p.userId),
  manage: (p) => p.role === 'admin',
});

/** The reverse view (waiting children for one free place): the offering's own provider, and expert members. */
export const offeringQueuePolicy = definePolicy<{ providerId: string }, 'read'>('offering_queue', {
  read: (p, o) => (p.role === 'provider_staff' && p.organisationId === o.providerId) || p.role === 'expert_member',
});

/** Capacity honesty per provider: region officers, the inspection and admins see all; a provider only its own rows. */
export const capacityHonestyPolicy = definePolicy<{ ownOnly: boolean }, 'read'>('capacity_honesty', {
  read: (p, r) => p.role === 'region_officer' || p.role === 'admin' || (p.role === 'provider_staff' && r.ownOnly),
});
