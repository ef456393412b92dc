import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

// Defined by migration Reference1795800000300; the decorators mirror it so that `npm run migration:generate` finds no drift.

@Entity({ schema: 'reference', name: 'region' })
@Check('region_code_ck', `code ~ '^JZ[0-9]{2}$'`)
export class RegionRecord {
  @PrimaryColumn({ type: 'varchar', length: 4, primaryKeyConstraintName: 'region_pk' }) code!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ name: 'main_province', type: 'varchar', length: 40 }) mainProvince!: string;
  @Column({ name: 'inspection_area', type: 'varchar', length: 60 }) inspectionArea!: string;
  @Column({ name: 'municipality_count', type: 'int' }) municipalityCount!: number;
  @Column({ type: 'int' }) population!: number;
}

@Entity({ schema: 'reference', name: 'municipality' })
@Check('municipality_code_ck', `code ~ '^GM[0-9]{4}$'`)
export class MunicipalityRecord {
  @PrimaryColumn({ type: 'varchar', length: 6, primaryKeyConstraintName: 'municipality_pk' }) code!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 40 }) province!: string;
  @Index('municipality_region_idx')
  @Column({ name: 'region_code', type: 'varchar', length: 4 }) regionCode!: string;
  @ManyToOne(() => RegionRecord, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'municipality_region_fk' })
  region?: RegionRecord;
  @Column({ type: 'double precision', nullable: true }) latitude!: number | null;
  @Column({ type: 'double precision', nullable: true }) longitude!: number | null;
  @Column({ type: 'int' }) population!: number;
  @Column({ name: 'area_km2', type: 'numeric', precision: 8, scale: 2 }) areaKm2!: string;
  @Column({ name: 'region_confidence', type: 'varchar', length: 10 }) regionConfidence!: string;
}

@Entity({ schema: 'reference', name: 'code_list_entry' })
export class CodeListEntryRecord {
  @PrimaryColumn({ name: 'list_code', type: 'varchar', length: 40, primaryKeyConstraintName: 'code_list_entry_pk' }) listCode!: string;
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'code_list_entry_pk' }) code!: string;
  @Column({ name: 'list_name', type: 'varchar', length: 100 }) listName!: string;
  @Column({ type: 'varchar', length: 300 }) value!: string;
  @Column({ type: 'boolean', default: false }) historic!: boolean;
}
