import { Check, Column, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '@passend/identity';
import { MunicipalityRecord } from '@passend/reference';
import type { CapacityChangeReason, CapacityStatus } from '../domain/capacity.js';
import { SETTINGS, type Setting } from '@passend/reference/domain';

// Defined by migrations SocialMap1795800000400 and SearchWords1795800000410 (extensions, functions,
// triggers and the tables offering_specialism, offering_contract and stale_report live there
// only). The decorators mirror the tables, constraint and index names included, so that
// `npm run migration:generate` finds no drift; apps/shared/schema-drift.int-spec.ts keeps it that way.

const numeric = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity({ schema: 'social_map', name: 'specialism' })
@Check('specialism_code_ck', `code ~ '^[a-z][a-z0-9_]{1,59}$'`)
export class SpecialismRecord {
  @PrimaryColumn({ type: 'varchar', length: 60, primaryKeyConstraintName: 'specialism_pk' }) code!: string;
  @Column({ name: 'label_nl', type: 'varchar', length: 120 }) labelNl!: string;
  @Column({ name: 'label_en', type: 'varchar', length: 120 }) labelEn!: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) synonyms!: string[];
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

/** A provider's public directory entry; its id is the identity organisation's id. */
@Entity({ schema: 'social_map', name: 'provider' })
@Check('provider_kvk_ck', `kvk_number IS NULL OR kvk_number ~ '^[0-9]{8}$'`)
export class ProviderRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'provider_pk' })
  @ForeignKey(() => Organisation, { name: 'provider_organisation_fk', onDelete: 'RESTRICT' })
  id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) website!: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) phone!: string | null;
  @Column({ name: 'kvk_number', type: 'varchar', length: 8, nullable: true }) kvkNumber!: string | null;
  @Column({ type: 'boolean', default: false }) synthetic!: boolean;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

@Entity({ schema: 'social_map', name: 'location' })
@Check('location_in_netherlands_ck', `latitude BETWEEN 50.7 AND 53.7 AND longitude BETWEEN 3.2 AND 7.3`)
@Check('location_postcode_ck', `postcode IS NULL OR postcode ~ '^[1-9][0-9]{3} ?[A-Z]{2}$'`)
// an expression index, which TypeORM can neither read back nor create:
//   CREATE INDEX location_earth_idx ON social_map.location USING gist (ll_to_earth(latitude, longitude))
@Index('location_earth_idx', { synchronize: false })
export class LocationRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'location_pk' }) id!: string;
  @Index('location_provider_idx') @Column({ name: 'provider_id', type: 'uuid' }) providerId!: string;
  @ManyToOne(() => ProviderRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'location_provider_fk' })
  provider?: ProviderRecord;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) street!: string | null;
  @Column({ type: 'varchar', length: 7, nullable: true }) postcode!: string | null;
  @Column({ type: 'varchar', length: 100 }) city!: string;
  @Index('location_municipality_idx')
  @ForeignKey(() => MunicipalityRecord, { name: 'location_municipality_fk', onDelete: 'NO ACTION' })
  @Column({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;
  @Column({ type: 'double precision' }) latitude!: number;
  @Column({ type: 'double precision' }) longitude!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

@Entity({ schema: 'social_map', name: 'offering' })
@Check('offering_capacity_status_ck', `capacity_status IN ('open','waiting_list','intake_first','closed')`)
@Check('offering_capacity_ck', `0 <= free_places AND free_places <= total_places AND total_places <= 10000`)
@Check('offering_wait_ck', `wait_weeks BETWEEN 0 AND 520`)
@Check('offering_age_ck', `0 <= min_age AND min_age <= max_age AND max_age <= 27`)
@Check('offering_setting_ck', `setting IN (${SETTINGS.map((s) => `'${s}'`).join(',')})`)
@Index('offering_free_idx', ['freePlaces'], { where: 'active AND free_places > 0' })
@Index('offering_confirmed_idx', ['capacityConfirmedAt'], { where: 'active' })
@Index('offering_search_vector_idx', ['searchVector'], { type: 'gin' })
export class OfferingRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'offering_pk' }) id!: string;
  @Index('offering_provider_idx')
  @ForeignKey(() => ProviderRecord, { name: 'offering_provider_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId!: string;
  @Index('offering_location_idx') @Column({ name: 'location_id', type: 'uuid' }) locationId!: string;
  @ManyToOne(() => LocationRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'offering_location_fk' })
  location?: LocationRecord;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Index('offering_category_idx') @Column({ name: 'category_code', type: 'varchar', length: 4 }) categoryCode!: string;
  @Column({ type: 'varchar', length: 30 }) setting!: Setting;
  @Column({ name: 'min_age', type: 'numeric', precision: 3, scale: 1, transformer: numeric }) minAge!: number;
  @Column({ name: 'max_age', type: 'numeric', precision: 3, scale: 1, transformer: numeric }) maxAge!: number;
  @Column({ name: 'exclusion_criteria', type: 'text', array: true, default: () => "'{}'" }) exclusionCriteria!: string[];
  @Column({ name: 'requires_secure_authorisation', type: 'boolean', default: false }) requiresSecureAuthorisation!: boolean;
  @Column({ name: 'accepts_other_regions', type: 'boolean', default: true }) acceptsOtherRegions!: boolean;
  @Column({ name: 'description_nl', type: 'text', default: '' }) descriptionNl!: string;
  @Column({ name: 'total_places', type: 'int' }) totalPlaces!: number;
  @Column({ name: 'free_places', type: 'int' }) freePlaces!: number;
  @Column({ name: 'wait_weeks', type: 'int', default: 0 }) waitWeeks!: number;
  @Column({ name: 'capacity_status', type: 'varchar', length: 20, default: 'open' }) capacityStatus!: CapacityStatus;
  @Column({ name: 'capacity_confirmed_at', type: 'timestamptz', default: () => 'now()' }) capacityConfirmedAt!: Date;
  @Column({ name: 'capacity_confirmed_by', type: 'uuid', nullable: true }) capacityConfirmedBy!: string | null;
  @Column({ type: 'int', default: 1 }) version!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ name: 'search_text', type: 'text', default: '' }) searchText!: string;
  /**
   * GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, social_map.immutable_unaccent(search_text))) STORED
   *
   * The expression is deliberately not given to TypeORM (asExpression is a blank). TypeORM does
   * not read a generated column's expression from PostgreSQL but from its own typeorm_metadata
   * table, keyed by database name, and the migration (like every hand-written one) wrote no row
   * there; a row would not survive a copy of the database under another name either (every test
   * database is a copy of a template). With no row TypeORM reads the expression as '', so any
   * non-blank asExpression would make it drop and re-add the column on every schema diff. A blank
   * one still marks the column as generated (STORED, never inserted or updated) and compares equal.
   * Change the expression in a migration, never here.
   */
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    nullable: true,
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: ' ',
  })
  searchVector?: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/**
 * The typo dictionary (migration SearchWords1795800000410): the words of the active offerings'
 * search_text and in how many of them each occurs; kept by refreshSearchText (search-text.ts).
 */
@Entity({ schema: 'social_map', name: 'search_word' })
// an index with an operator class, which TypeORM can neither read back nor create:
//   CREATE INDEX search_word_trgm_idx ON social_map.search_word USING gin (word gin_trgm_ops)
@Index('search_word_trgm_idx', { synchronize: false })
export class SearchWordRecord {
  @PrimaryColumn({ type: 'varchar', length: 60, primaryKeyConstraintName: 'search_word_pk' }) word!: string;
  /** active offerings whose search_text has the word (exact after a reindex; 0: none, ignored) */
  @Column({ type: 'int', default: 0 }) offerings!: number;
}

export type HoldState = 'held' | 'confirmed' | 'released' | 'expired';

@Entity({ schema: 'social_map', name: 'hold' })
@Check('hold_state_ck', `state IN ('held','confirmed','released','expired')`)
@Check('hold_resolved_ck', `(state = 'held') = (resolved_at IS NULL)`)
@Check('hold_holder_ref_ck', `holder_ref ~ '^(proposal|case|legacy):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`)
@Index('hold_expiry_idx', ['expiresAt'], { where: `state = 'held'` })
export class HoldRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'hold_pk' }) id!: string;
  @Index('hold_offering_idx')
  @ForeignKey(() => OfferingRecord, { name: 'hold_offering_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'offering_id', type: 'uuid' })
  offeringId!: string;
  @Column({ name: 'holder_ref', type: 'varchar', length: 100 }) holderRef!: string;
  @Column({ type: 'varchar', length: 12, default: 'held' }) state!: HoldState;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'created_by_organisation', type: 'uuid', nullable: true }) createdByOrganisation!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true }) resolvedBy!: string | null;
}

export type CapacityEventKind = 'created' | 'updated' | 'confirmed' | 'hold_placed' | 'hold_released' | 'hold_expired' | 'hold_confirmed';

@Entity({ schema: 'social_map', name: 'capacity_event' })
@Check('capacity_event_kind_ck', `kind IN ('created','updated','confirmed','hold_placed','hold_released','hold_expired','hold_confirmed')`)
@Check('capacity_event_reason_ck', `reason IN ('intake','outflow','staffing','contract','temporary_closure','correction','other')`)
@Index('capacity_event_offering_idx', ['offeringId', 'id'])
export class CapacityEventRecord {
  /** bigserial */
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'capacity_event_pk' }) id!: string;
  @ForeignKey(() => OfferingRecord, { name: 'capacity_event_offering_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'offering_id', type: 'uuid' })
  offeringId!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' }) occurredAt!: Date;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId!: string | null;
  @Column({ type: 'varchar', length: 20 }) kind!: CapacityEventKind;
  @Column({ name: 'old_total', type: 'int', nullable: true }) oldTotal!: number | null;
  @Column({ name: 'new_total', type: 'int' }) newTotal!: number;
  @Column({ name: 'old_free', type: 'int', nullable: true }) oldFree!: number | null;
  @Column({ name: 'new_free', type: 'int' }) newFree!: number;
  @Column({ name: 'old_wait', type: 'int', nullable: true }) oldWait!: number | null;
  @Column({ name: 'new_wait', type: 'int' }) newWait!: number;
  @Column({ name: 'old_status', type: 'varchar', length: 20, nullable: true }) oldStatus!: string | null;
  @Column({ name: 'new_status', type: 'varchar', length: 20, nullable: true }) newStatus!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) reason!: CapacityChangeReason | null;
  @Column({ name: 'hold_id', type: 'uuid', nullable: true }) holdId!: string | null;
}
