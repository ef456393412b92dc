import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { OrganisationKind } from '@passend/platform';

@Entity({ schema: 'identity', name: 'organisation' })
export class Organisation {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
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
