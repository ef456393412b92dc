import { Organisation, User } from '@passend/identity';
import { MunicipalityRecord } from '@passend/reference';
import { EXCLUSION_CODES } from '@passend/reference/domain';
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

// Defined by migrations Cases1795800000500 and CaseBoundaries1795800000610 (the triggers — measure institution kind, guardian of the
// measure's institution, append-only case_event — live there only). The decorators mirror the
// tables, constraint and index names included, so that `npm run migration:generate` finds no drift
// (apps/shared/schema-drift.int-spec.ts). Services write through SQL; these classes describe.

export const MEASURE_KINDS = ['supervision_order', 'provisional_supervision_order', 'guardianship', 'juvenile_probation'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export type MeasureStatus = 'open' | 'closed';
export const ASSIGNMENT_KINDS = ['permanent', 'temporary'] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];
export const NEED_URGENCIES = ['regular', 'urgent', 'acute'] as const;
export type NeedUrgency = (typeof NEED_URGENCIES)[number];
export const AGREEING_PARTIES = ['child', 'parents', 'network', 'professionals'] as const;
export type AgreeingParty = (typeof AGREEING_PARTIES)[number];
export const SPEAKERS = ['child', 'parents', 'network'] as const;
export type Speaker = (typeof SPEAKERS)[number];

/**
 * One institution's record of a child's identity, encrypted field by field; `bsn_hmac` finds the
 * child again within that institution without decrypting. Institutions are walls: another
 * institution with a measure for the same BSN keeps a record of its own.
 */
@Entity({ schema: 'cases', name: 'child' })
@Unique('child_institution_bsn_hmac_uq', ['institutionId', 'bsnHmac'])
@Unique('child_id_institution_uq', ['id', 'institutionId'])
@Check('child_bsn_hmac_ck', `bsn_hmac ~ '^[0-9a-f]{64}$'`)
@Check(
  'child_encrypted_ck',
  `(anonymised_at IS NULL AND given_names_enc LIKE 'pd1.%' AND family_name_enc LIKE 'pd1.%' AND bsn_enc LIKE 'pd1.%' AND date_of_birth_enc LIKE 'pd1.%')
      OR (anonymised_at IS NOT NULL AND given_names_enc IS NULL AND family_name_enc IS NULL AND bsn_enc IS NULL AND date_of_birth_enc IS NULL)`,
)
@Index('child_retention_idx', ['id'], { where: 'anonymised_at IS NULL' })
export class ChildRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'child_pk' }) id!: string;
  /** null once anonymised (Retention1795800000735), with `anonymisedAt` */
  @Column({ name: 'given_names_enc', type: 'text', nullable: true }) givenNamesEnc!: string | null;
  @Column({ name: 'family_name_enc', type: 'text', nullable: true }) familyNameEnc!: string | null;
  @Column({ name: 'bsn_enc', type: 'text', nullable: true }) bsnEnc!: string | null;
  @Column({ name: 'date_of_birth_enc', type: 'text', nullable: true }) dateOfBirthEnc!: string | null;
  /** when the retention term had passed and the identity and free texts were removed */
  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true }) anonymisedAt!: Date | null;
  @Column({ name: 'bsn_hmac', type: 'char', length: 64 }) bsnHmac!: string;
  @Column({ name: 'key_id', type: 'varchar', length: 40 }) keyId!: string;
  /** the certified institution whose record this is */
  @ForeignKey(() => Organisation, { name: 'child_institution_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;
  @Index('child_home_municipality_idx')
  @ForeignKey(() => MunicipalityRecord, { name: 'child_home_municipality_fk', onDelete: 'NO ACTION' })
  @Column({ name: 'home_municipality_code', type: 'varchar', length: 6 })
  homeMunicipalityCode!: string;
  @ForeignKey(() => MunicipalityRecord, { name: 'child_network_municipality_fk', onDelete: 'NO ACTION' })
  @Column({ name: 'network_municipality_code', type: 'varchar', length: 6, nullable: true })
  networkMunicipalityCode!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** The protection measure: the root of a case. */
@Entity({ schema: 'cases', name: 'measure' })
@Check('measure_kind_ck', `kind IN ('supervision_order','provisional_supervision_order','guardianship','juvenile_probation')`)
@Check('measure_status_ck', `status IN ('open','closed')`)
@Check('measure_end_ck', `end_date IS NULL OR end_date >= ruling_date`)
@Check('measure_urgent_help_ck', `urgent_help_due_on IS NULL OR (urgent AND urgent_help_due_on >= ruling_date)`)
@Index('measure_institution_idx', ['institutionId', 'status'])
@Index('measure_same_ruling_uq', ['childId', 'kind', 'rulingDate', 'institutionId'], { unique: true, where: `status = 'open'` })
// the measure's child is its own institution's record
@ForeignKey(() => ChildRecord, ['childId', 'institutionId'], ['id', 'institutionId'], { name: 'measure_child_institution_fk', onDelete: 'RESTRICT' })
export class MeasureRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'measure_pk' }) id!: string;
  @Index('measure_child_idx')
  @ForeignKey(() => ChildRecord, { name: 'measure_child_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;
  @Column({ type: 'varchar', length: 40 }) kind!: MeasureKind;
  @Column({ name: 'ruling_date', type: 'date' }) rulingDate!: string;
  @Column({ name: 'end_date', type: 'date', nullable: true }) endDate!: string | null;
  @ForeignKey(() => Organisation, { name: 'measure_institution_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;
  @Column({ type: 'boolean', default: false }) urgent!: boolean;
  @Column({ name: 'urgent_help_due_on', type: 'date', nullable: true }) urgentHelpDueOn!: string | null;
  @Column({ type: 'varchar', length: 10, default: 'open' }) status!: MeasureStatus;
  @ForeignKey(() => User, { name: 'measure_created_by_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'int', default: 1 }) version!: number;
}

/** Who is the child's guardian, permanent or temporary (duty), from when to when. */
@Entity({ schema: 'cases', name: 'guardian_assignment' })
@Check('guardian_assignment_kind_ck', `kind IN ('permanent','temporary')`)
@Check('guardian_assignment_dates_ck', `to_date IS NULL OR to_date >= from_date`)
@Index('guardian_assignment_open_uq', ['measureId', 'kind'], { unique: true, where: 'to_date IS NULL' })
@Index('guardian_assignment_open_idx', ['guardianUserId'], { where: 'to_date IS NULL' })
export class GuardianAssignmentRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'guardian_assignment_pk' }) id!: string;
  @Index('guardian_assignment_measure_idx')
  @ForeignKey(() => MeasureRecord, { name: 'guardian_assignment_measure_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;
  @ForeignKey(() => User, { name: 'guardian_assignment_guardian_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'guardian_user_id', type: 'uuid' })
  guardianUserId!: string;
  @Column({ type: 'varchar', length: 10 }) kind!: AssignmentKind;
  @Column({ name: 'from_date', type: 'date' }) fromDate!: string;
  @Column({ name: 'to_date', type: 'date', nullable: true }) toDate!: string | null;
  @ForeignKey(() => User, { name: 'guardian_assignment_created_by_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

/** A kind of help the child needs, with the constraints matching must respect. */
@Entity({ schema: 'cases', name: 'need' })
@Check('need_urgency_ck', `urgency IN ('regular','urgent','acute')`)
@Check('need_distance_ck', `max_distance_km IS NULL OR max_distance_km BETWEEN 1 AND 400`)
@Check('need_secure_authorisation_ck', `(secure_authorisation_from IS NULL) = (secure_authorisation_to IS NULL) AND (secure_authorisation_to IS NULL OR secure_authorisation_to >= secure_authorisation_from)`)
@Check('need_secure_setting_ck', `NOT ('secure_residential' = ANY (setting_constraints)) OR secure_authorisation_from IS NOT NULL`)
@Check('need_notes_encrypted_ck', `notes_enc IS NULL OR notes_enc LIKE 'pd1.%'`)
@Check('need_circumstance_codes_ck', `circumstance_codes <@ ARRAY[${EXCLUSION_CODES.map((c) => `'${c}'`).join(',')}]::text[]`)
@Index('need_sibling_group_idx', ['siblingGroup'], { where: 'sibling_group IS NOT NULL' })
export class NeedRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'need_pk' }) id!: string;
  @Index('need_measure_idx')
  @ForeignKey(() => MeasureRecord, { name: 'need_measure_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;
  @Column({ name: 'category_code', type: 'varchar', length: 4 }) categoryCode!: string;
  @Column({ name: 'specialism_codes', type: 'text', array: true, default: () => "'{}'" }) specialismCodes!: string[];
  @Column({ name: 'setting_constraints', type: 'text', array: true, default: () => "'{}'" }) settingConstraints!: string[];
  @Column({ name: 'secure_authorisation_from', type: 'date', nullable: true }) secureAuthorisationFrom!: string | null;
  @Column({ name: 'secure_authorisation_to', type: 'date', nullable: true }) secureAuthorisationTo!: string | null;
  @Column({ type: 'varchar', length: 10 }) urgency!: NeedUrgency;
  @Column({ name: 'keep_with_siblings', type: 'boolean', default: false }) keepWithSiblings!: boolean;
  @Column({ name: 'max_distance_km', type: 'int', nullable: true }) maxDistanceKm!: number | null;
  /** the child's circumstances, codes of the exclusion-criteria vocabulary (@passend/reference/domain) */
  @Column({ name: 'circumstance_codes', type: 'text', array: true, default: () => "'{}'" }) circumstanceCodes!: string[];
  /** needs of brothers and sisters who should stay together share this id */
  @Column({ name: 'sibling_group', type: 'uuid', nullable: true }) siblingGroup!: string | null;
  @Column({ name: 'notes_enc', type: 'text', nullable: true }) notesEnc!: string | null;
  @ForeignKey(() => User, { name: 'need_recorded_by_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt!: Date;
}

/** One of the three norm milestones, met on a date; late ones carry their explanation. */
@Entity({ schema: 'cases', name: 'milestone' })
@Unique('milestone_measure_kind_uq', ['measureId', 'kind'])
@Check('milestone_kind_ck', `kind IN ('permanent_guardian','agreed_course','fitting_help')`)
@Check('milestone_explanation_ck', `explanation_text_enc IS NULL OR explanation_code IS NOT NULL`)
@Check('milestone_explanation_encrypted_ck', `explanation_text_enc IS NULL OR explanation_text_enc LIKE 'pd1.%'`)
@Check('milestone_agreed_by_ck', `(kind = 'agreed_course') = (agreed_by IS NOT NULL) AND (agreed_by IS NULL OR (agreed_by <@ ARRAY['child','parents','network','professionals']::text[] AND agreed_by && ARRAY['child','parents']::text[]))`)
@Check('milestone_offering_ck', `(kind = 'fitting_help') = (offering_id IS NOT NULL)`)
@Check('milestone_need_ck', `need_id IS NULL OR kind = 'fitting_help'`)
@Index('milestone_offering_idx', ['offeringId'], { where: 'offering_id IS NOT NULL' })
export class CaseMilestoneRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'milestone_pk' }) id!: string;
  @ForeignKey(() => MeasureRecord, { name: 'milestone_measure_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;
  @Column({ type: 'varchar', length: 30 }) kind!: string;
  @Column({ name: 'met_on', type: 'date' }) metOn!: string;
  @Column({ name: 'explanation_code', type: 'varchar', length: 60, nullable: true }) explanationCode!: string | null;
  @Column({ name: 'explanation_text_enc', type: 'text', nullable: true }) explanationTextEnc!: string | null;
  @Column({ name: 'agreed_by', type: 'text', array: true, nullable: true }) agreedBy!: string[] | null;
  /** an offering of the social map (no foreign key: cases and the social map meet only in matching) */
  @Column({ name: 'offering_id', type: 'uuid', nullable: true })
  offeringId!: string | null;
  @ForeignKey(() => NeedRecord, { name: 'milestone_need_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'need_id', type: 'uuid', nullable: true })
  needId!: string | null;
  @ForeignKey(() => User, { name: 'milestone_recorded_by_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt!: Date;
}

/** After help started: do the child and the parents experience it as fitting, and why (the professional). */
@Entity({ schema: 'cases', name: 'help_experience' })
@Unique('help_experience_follow_up_uq', ['milestoneId', 'followUpOn'])
@Check('help_experience_encrypted_ck', `professional_explanation_enc IS NULL OR professional_explanation_enc LIKE 'pd1.%'`)
export class HelpExperienceRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'help_experience_pk' }) id!: string;
  @ForeignKey(() => CaseMilestoneRecord, { name: 'help_experience_milestone_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'milestone_id', type: 'uuid' })
  milestoneId!: string;
  @Column({ name: 'follow_up_on', type: 'date' }) followUpOn!: string;
  @Column({ name: 'child_experiences_fitting', type: 'boolean', nullable: true }) childExperiencesFitting!: boolean | null;
  @Column({ name: 'parents_experience_fitting', type: 'boolean', nullable: true }) parentsExperienceFitting!: boolean | null;
  /** null once the child's record is anonymised */
  @Column({ name: 'professional_explanation_enc', type: 'text', nullable: true }) professionalExplanationEnc!: string | null;
  @ForeignKey(() => User, { name: 'help_experience_recorded_by_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt!: Date;
}

/** What the child, the parents or the network want and say, in their words. */
@Entity({ schema: 'cases', name: 'client_voice' })
@Check('client_voice_milestone_kind_ck', `milestone_kind IS NULL OR milestone_kind IN ('permanent_guardian','agreed_course','fitting_help')`)
@Check('client_voice_speaker_ck', `speaker IN ('child','parents','network')`)
@Check('client_voice_encrypted_ck', `statement_enc IS NULL OR statement_enc LIKE 'pd1.%'`)
export class ClientVoiceRecord {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'client_voice_pk' }) id!: string;
  @Index('client_voice_measure_idx')
  @ForeignKey(() => MeasureRecord, { name: 'client_voice_measure_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;
  @Column({ name: 'milestone_kind', type: 'varchar', length: 30, nullable: true }) milestoneKind!: string | null;
  @Column({ type: 'varchar', length: 10 }) speaker!: Speaker;
  /** null once the child's record is anonymised */
  @Column({ name: 'statement_enc', type: 'text', nullable: true }) statementEnc!: string | null;
  @ForeignKey(() => User, { name: 'client_voice_recorded_by_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt!: Date;
}

/** The append-only timeline of a case (a trigger refuses UPDATE, DELETE and TRUNCATE). */
@Entity({ schema: 'cases', name: 'case_event' })
@Check('case_event_kind_ck', `kind ~ '^[a-z][a-z_]{2,39}$'`)
@Index('case_event_measure_idx', ['measureId', 'id'])
export class CaseEventRecord {
  /** bigserial */
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'case_event_pk' }) id!: string;
  @ForeignKey(() => MeasureRecord, { name: 'case_event_measure_fk', onDelete: 'RESTRICT' })
  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId!: string | null;
  @Column({ type: 'varchar', length: 40 }) kind!: string;
  @Column({ type: 'varchar', length: 300 }) summary!: string;
  @Column({ type: 'jsonb', default: () => "'{}'" }) refs!: Record<string, unknown>;
}

export const CASES_ENTITIES = [ChildRecord, MeasureRecord, GuardianAssignmentRecord, NeedRecord, CaseMilestoneRecord, HelpExperienceRecord, ClientVoiceRecord, CaseEventRecord];
