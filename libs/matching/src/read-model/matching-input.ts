import { Injectable } from '@nestjs/common';
import { WaitingChildren, type WaitingChild } from '@passend/cases';
import { exclusionCodeOf } from '@passend/reference/domain';
import { ReferenceCatalog } from '@passend/reference';
import { OfferingReader, type OfferingCandidate } from '@passend/social-map';
import { DataSource } from 'typeorm';
import { CAPACITY_DECLINE_REASON, type GeoPoint, type MatchChild, type MatchOffering, type ProviderRecord } from '../domain/index.js';

/** Which children a run covers: one youth-care region, an inspection area, or the country. */
export type MatchingScope = { kind: 'region'; code: string } | { kind: 'area'; code: string } | { kind: 'national' };

export function scopeKey(scope: MatchingScope): string {
  return scope.kind === 'national' ? 'national' : `${scope.kind}:${scope.code}`;
}

export interface MatchingInput {
  /** every waiting child (need) in the scope */
  children: MatchChild[];
  offerings: MatchOffering[];
  /** needs that already have an active proposal the run must leave alone (offered, accepted, in review, or made by a person) */
  settledNeeds: Set<string>;
}

/** How far back a provider's answers count for its acceptance rate. */
export const ACCEPTANCE_WINDOW_DAYS = 180;

/**
 * The input of a matching run, read through the ports of cases (waiting children with their
 * needs and clocks) and the social map (offerings with free places), plus matching's own tables
 * (providers' recent answers, proposals already under way). Never reads another context's tables.
 */
@Injectable()
export class MatchingInputReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly waiting: WaitingChildren,
    private readonly offerings: OfferingReader,
    private readonly reference: ReferenceCatalog,
  ) {}

  async regionsOf(scope: MatchingScope): Promise<string[] | undefined> {
    if (scope.kind === 'national') return undefined;
    if (scope.kind === 'region') return [scope.code];
    return (await this.reference.regions({ inspectionArea: scope.code })).map((r) => r.code);
  }

  async read(scope: MatchingScope, today: string): Promise<MatchingInput> {
    const regionCodes = await this.regionsOf(scope);
    const waiting = await this.waiting.list({ regionCodes }, today);
    const categories = [...new Set(waiting.map((w) => w.categoryCode))];
    // offerings anywhere: a child may be placed across regions (the rules decide)
    const candidates = categories.length ? await this.offerings.eligibleCandidates({ categoryCodes: categories }) : [];
    const [providers, active] = await Promise.all([this.providerRecords(), this.activeProposals(waiting.map((w) => w.needId))]);
    const children = await this.toChildren(waiting, today, active);
    const settledNeeds = new Set([...active.entries()].filter(([, p]) => p.state !== 'proposed' || p.source !== 'solver').map(([needId]) => needId));
    const centres = await this.centres();
    return {
      children,
      offerings: candidates.map((o) => toMatchOffering(o, providers.get(o.providerId), centres)),
      settledNeeds,
    };
  }

  /** One offering as matching sees it (a private home placed at its municipality's centre), or undefined when it is not active. */
  async offering(offeringId: string): Promise<MatchOffering | undefined> {
    const [candidate] = await this.offerings.get([offeringId]);
    if (!candidate) return undefined;
    return toMatchOffering(candidate, (await this.providerRecords()).get(candidate.providerId), await this.centres());
  }

  /** Municipality centres (every municipality has one in the reference data). */
  private async centres(): Promise<Map<string, GeoPoint>> {
    const centres = new Map<string, GeoPoint>();
    for (const m of await this.reference.municipalities()) if (m.latitude !== null && m.longitude !== null) centres.set(m.code, { lat: m.latitude, lon: m.longitude });
    return centres;
  }

  private async toChildren(waiting: WaitingChild[], today: string, active: Map<string, ActiveProposal>): Promise<MatchChild[]> {
    const municipalities = new Map((await this.reference.municipalities()).map((m) => [m.code, m]));
    const point = (code: string | null) => {
      const m = code ? municipalities.get(code) : undefined;
      return m && m.latitude !== null && m.longitude !== null ? { lat: m.latitude, lon: m.longitude } : null;
    };
    const byMeasure = new Map<string, WaitingChild[]>();
    for (const w of waiting) byMeasure.set(w.measureId, [...(byMeasure.get(w.measureId) ?? []), w]);
    // (small lists: a measure has a few needs, a sibling group a few children)
    // a sibling group is an institution's own label: groups never reach across the wall between institutions
    const groupOf = (w: WaitingChild) => (w.siblingGroup ? `${w.institutionId}:${w.siblingGroup}` : null);
    const bySiblingGroup = new Map<string, WaitingChild[]>();
    for (const w of waiting) {
      const group = groupOf(w);
      if (group) bySiblingGroup.set(group, [...(bySiblingGroup.get(group) ?? []), w]);
    }

    return waiting.flatMap((w): MatchChild[] => {
      const home = point(w.homeMunicipalityCode);
      if (!home) return []; // every municipality has coordinates; a child without one cannot be placed by distance
      const group = groupOf(w);
      const siblings = group ? (bySiblingGroup.get(group) ?? []).filter((s) => s.needId !== w.needId) : [];
      return [
        {
          key: w.needId,
          measureId: w.measureId,
          institutionId: w.institutionId,
          dateOfBirth: w.dateOfBirth,
          homeRegionCode: w.homeRegionCode,
          homeMunicipalityCode: w.homeMunicipalityCode,
          home,
          network: point(w.networkMunicipalityCode),
          categoryCode: w.categoryCode,
          specialismCodes: w.specialismCodes,
          settingConstraints: w.settingConstraints,
          secureAuthorisation: w.secureAuthorisation,
          urgency: w.urgency,
          circumstanceCodes: w.exclusionCodes,
          keepWithSiblings: w.keepWithSiblings,
          siblingGroup: w.keepWithSiblings ? group : null,
          siblingCount: w.keepWithSiblings ? 1 + siblings.filter((s) => s.keepWithSiblings).length : 1,
          maxDistanceKm: w.maxDistanceKm,
          rulingDate: w.rulingDate,
          fittingHelpDueOn: w.fittingHelpDueOn,
          expectedStart: today,
          siblingOfferingKeys: siblings.flatMap((s) => {
            const p = active.get(s.needId);
            return p ? [p.offeringId] : [];
          }),
          brokenPlacements: 0, // not recorded by cases yet: the rule fires only when it is
          otherOpenNeeds: (byMeasure.get(w.measureId)?.length ?? 1) - 1,
        },
      ];
    });
  }

  /** Accepted, declined and declined-for-capacity answers per provider over the window. */
  async providerRecords(): Promise<Map<string, ProviderRecord>> {
    const rows = (await this.dataSource.query(
      `SELECT provider_id AS "providerId",
              count(*) FILTER (WHERE state IN ('accepted','started') OR (state = 'withdrawn' AND planned_start IS NOT NULL))::int AS accepted,
              count(*) FILTER (WHERE state = 'declined' AND decline_reason_code <> $2)::int AS declined,
              count(*) FILTER (WHERE state = 'declined' AND decline_reason_code = $2)::int AS "declinedForCapacity"
         FROM matching.proposal
        WHERE answered_at >= now() - make_interval(days => $1)
        GROUP BY provider_id`,
      [ACCEPTANCE_WINDOW_DAYS, CAPACITY_DECLINE_REASON],
    )) as ({ providerId: string } & ProviderRecord)[];
    return new Map(rows.map(({ providerId, ...r }) => [providerId, r]));
  }

  private async activeProposals(needIds: string[]): Promise<Map<string, ActiveProposal>> {
    if (!needIds.length) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT need_id AS "needId", offering_id AS "offeringId", state, source FROM matching.proposal
        WHERE need_id = ANY($1::uuid[]) AND state IN ('proposed','in_review','offered','accepted')`,
      [needIds],
    )) as ({ needId: string } & ActiveProposal)[];
    return new Map(rows.map(({ needId, ...p }) => [needId, p]));
  }
}

interface ActiveProposal {
  offeringId: string;
  state: string;
  source: string;
}

const NO_RECORD: ProviderRecord = { accepted: 0, declined: 0, declinedForCapacity: 0 };

/**
 * An offering as matching sees it. A family home or foster family is somebody's house: matching
 * places it at its municipality's centre, so no distance or explanation computed from it can
 * point at the house (everyone but its own provider sees the municipality only).
 */
export function toMatchOffering(o: OfferingCandidate, provider: ProviderRecord | undefined, centres: ReadonlyMap<string, GeoPoint>): MatchOffering {
  const exclusionCodes: string[] = [];
  const uncodedExclusions: string[] = [];
  for (const text of o.exclusionCriteria) {
    const code = exclusionCodeOf(text);
    if (code) exclusionCodes.push(code);
    else uncodedExclusions.push(text);
  }
  return {
    key: o.offeringId,
    providerId: o.providerId,
    regionCode: o.regionCode,
    municipalityCode: o.municipalityCode,
    location: (o.isPrivateHome ? centres.get(o.municipalityCode) : undefined) ?? { lat: o.latitude, lon: o.longitude },
    categoryCode: o.categoryCode,
    setting: o.setting,
    specialismCodes: o.specialismCodes,
    minAge: o.minAge,
    maxAge: o.maxAge,
    exclusionCodes,
    uncodedExclusions,
    requiresSecureAuthorisation: o.requiresSecureAuthorisation,
    acceptsOtherRegions: o.acceptsOtherRegions,
    contractedRegionCodes: o.contractedRegionCodes,
    freePlaces: o.freePlaces,
    waitWeeks: o.waitWeeks,
    capacityStatus: o.capacityStatus,
    capacityConfirmedAt: new Date(o.capacityConfirmedAt).toISOString(),
    provider: provider ?? NO_RECORD,
  };
}
