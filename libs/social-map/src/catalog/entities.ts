import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Setting } from '../domain/taxonomy.js';

const numeric = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity({ schema: 'social_map', name: 'specialism' })
export class SpecialismRecord {
  @PrimaryColumn({ type: 'varchar', length: 60 }) code!: string;
  @Column({ name: 'label_nl', type: 'varchar', length: 120 }) labelNl!: string;
  @Column({ name: 'label_en', type: 'varchar', length: 120 }) labelEn!: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) synonyms!: string[];
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

/** A provider's public directory entry; its id is the identity organisation's id. */
@Entity({ schema: 'social_map', name: 'provider' })
export class ProviderRecord {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
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
@Index('location_earth_idx', { synchronize: false })
export class LocationRecord {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Index('location_provider_idx') @Column({ name: 'provider_id', type: 'uuid' }) providerId!: string;
  @ManyToOne(() => ProviderRecord) @JoinColumn({ name: 'provider_id' }) provider?: ProviderRecord;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) street!: string | null;
  @Column({ type: 'varchar', length: 7, nullable: true }) postcode!: string | null;
  @Column({ type: 'varchar', length: 100 }) city!: string;
  @Index('location_municipality_idx') @Column({ name: 'municipality_code', type: 'varchar', length: 6 }) municipalityCode!: string;
  @Column({ type: 'double precision' }) latitude!: number;
  @Column({ type: 'double precision' }) longitude!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

@Entity({ schema: 'social_map', name: 'offering' })
@Index('offering_free_idx', { synchronize: false })
@Index('offering_confirmed_idx', { synchronize: false })
@Index('offering_search_vector_idx', { synchronize: false })
@Index('offering_search_trgm_idx', { synchronize: false })
export class OfferingRecord {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Index('offering_provider_idx') @Column({ name: 'provider_id', type: 'uuid' }) providerId!: string;
  @Index('offering_location_idx') @Column({ name: 'location_id', type: 'uuid' }) locationId!: string;
  @ManyToOne(() => LocationRecord) @JoinColumn({ name: 'location_id' }) location?: LocationRecord;
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
  @Column({ name: 'capacity_confirmed_at', type: 'timestamptz', default: () => 'now()' }) capacityConfirmedAt!: Date;
  @Column({ name: 'capacity_confirmed_by', type: 'uuid', nullable: true }) capacityConfirmedBy!: string | null;
  @Column({ type: 'int', default: 1 }) version!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ name: 'search_text', type: 'text', default: '' }) searchText!: string;
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `to_tsvector('dutch'::regconfig, social_map.immutable_unaccent(search_text))`,
  })
  searchVector?: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

export type HoldState = 'held' | 'confirmed' | 'released' | 'expired';

@Entity({ schema: 'social_map', name: 'hold' })
@Index('hold_expiry_idx', { synchronize: false })
export class HoldRecord {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Index('hold_offering_idx') @Column({ name: 'offering_id', type: 'uuid' }) offeringId!: string;
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
export class CapacityEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Index('capacity_event_offering_idx', { synchronize: false }) @Column({ name: 'offering_id', type: 'uuid' }) offeringId!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' }) occurredAt!: Date;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId!: string | null;
  @Column({ type: 'varchar', length: 20 }) kind!: CapacityEventKind;
  @Column({ name: 'old_total', type: 'int', nullable: true }) oldTotal!: number | null;
  @Column({ name: 'new_total', type: 'int' }) newTotal!: number;
  @Column({ name: 'old_free', type: 'int', nullable: true }) oldFree!: number | null;
  @Column({ name: 'new_free', type: 'int' }) newFree!: number;
  @Column({ name: 'old_wait', type: 'int', nullable: true }) oldWait!: number | null;
  @Column({ name: 'new_wait', type: 'int' }) newWait!: number;
  @Column({ type: 'varchar', length: 300, nullable: true }) reason!: string | null;
  @Column({ name: 'hold_id', type: 'uuid', nullable: true }) holdId!: string | null;
}
