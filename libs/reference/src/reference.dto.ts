import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

export class RegionResponse {
  @ApiProperty({ example: 'JZ22' }) code!: string;
  @ApiProperty({ example: 'Utrecht Stad' }) name!: string;
  @ApiProperty({ example: 'Utrecht' }) mainProvince!: string;
  @ApiProperty({ example: 'Utrecht & Flevoland', description: 'one of the 11 areas the inspections report on' }) inspectionArea!: string;
  @ApiProperty() municipalityCount!: number;
  @ApiProperty() population!: number;
}

export class MunicipalityResponse {
  @ApiProperty({ example: 'GM0344' }) code!: string;
  @ApiProperty({ example: 'Utrecht' }) name!: string;
  @ApiProperty() province!: string;
  @ApiProperty({ example: 'JZ22' }) regionCode!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'approximate centroid (WGS84); null where unknown' }) latitude!: number | null;
  @ApiProperty({ nullable: true, type: Number }) longitude!: number | null;
  @ApiProperty() population!: number;
  @ApiProperty({ enum: ['high', 'medium', 'low', 'corrected'], description: 'how sure the region assignment is (border cases)' }) regionConfidence!: string;
}

export class CodeListEntryResponse {
  @ApiProperty({ example: '45' }) code!: string;
  @ApiProperty({ example: 'Jeugdhulp ambulant' }) value!: string;
  @ApiProperty({ description: 'a 2015 code no longer used for new allocations' }) historic!: boolean;
}

export class CodeListResponse {
  @ApiProperty({ example: 'JZ020' }) list!: string;
  @ApiProperty({ example: 'Productcategorie' }) name!: string;
  @ApiProperty({ type: [CodeListEntryResponse] }) entries!: CodeListEntryResponse[];
}

export class CodeListSummaryResponse {
  @ApiProperty({ example: 'JZ020' }) list!: string;
  @ApiProperty({ example: 'Productcategorie' }) name!: string;
  @ApiProperty() entries!: number;
}

export class RegionQuery {
  @ApiPropertyOptional({ example: 'Rijnmond', description: 'only the regions of this inspection area' })
  @IsOptional()
  @IsString()
  inspectionArea?: string;
}

export class MunicipalityQuery {
  @ApiPropertyOptional({ example: 'JZ22', description: 'only the municipalities of this youth-care region' })
  @IsOptional()
  @Matches(/^JZ\d{2}$/, { message: 'region must be a youth-care region code such as JZ22' })
  region?: string;
}
