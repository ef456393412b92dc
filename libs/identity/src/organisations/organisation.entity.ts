import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganisationKind } from '@passend/platform';

/** Defined by migration Identity1795800000100; the decorators mirror it so that `npm run migration:generate` finds no drift. */
@Entity({ schema: 'identity', name: 'organisation' })
@Check('organisation_kind_ck', `kind IN ('certified_institution','provider','expert_table','region','inspection','platform')`)
export class Organisation {
  /** DEFAULT gen_random_uuid() */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'organisation_pk' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: OrganisationKind;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** the youth-care region (JZ##) an organisation works in, where it has one */
  @Column({ name: 'region_code', type: 'varchar', length: 4, nullable: true })
  regionCode!: string | null;

  /** seeded demo records are marked, so nobody mistakes them for real organisations */
  @Column({ type: 'boolean', default: false })
  synthetic!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
