import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { toBoolean, toList } from '@passend/platform';
import { SETTINGS, type Setting } from '@passend/reference/domain';
import type { OfferingFacets, OfferingHit } from './offering-search.js';

export const SEARCH_SORTS = ['relevance', 'distance', 'wait', 'freshness'] as const;

export class OfferingSearchRequest {
  @ApiPropertyOptional({ example: 'traumabehandeling pleegzorg', description: 'free text in Dutch (typo tolerant)' })
  @IsOptional() @IsString() @MaxLength(200) q?: string;

  @ApiPropertyOptional({ example: 'JZ22', description: 'located in this youth-care region' })
  @IsOptional() @Matches(/^JZ\d{2}$/, { message: 'region must be a youth-care region code such as JZ22' }) region?: string;

  @ApiPropertyOptional({ example: 'GM0344', description: 'located in this municipality' })
  @IsOptional() @Matches(/^GM\d{4}$/, { message: 'municipality must be a municipality code such as GM0344' }) municipality?: string;

  @ApiPropertyOptional({ example: '43,45', description: 'JZ020 categories (comma-separated or repeated)' })
  @IsOptional() @Transform(toList) @IsArray() @ArrayMaxSize(20) @Matches(/^\d{2}$/, { each: true, message: 'category must be JZ020 codes such as 43' }) category?: string[];

  @ApiPropertyOptional({ example: 'trauma_treatment' })
  @IsOptional() @Transform(toList) @IsArray() @ArrayMaxSize(20) @Matches(/^[a-z][a-z0-9_]{1,59}$/, { each: true, message: 'specialism must be taxonomy codes' }) specialism?: string[];

  @ApiPropertyOptional({ example: 'foster_care,family_home', enum: SETTINGS, isArray: true })
  @IsOptional() @Transform(toList) @IsArray() @IsIn(SETTINGS as unknown as string[], { each: true, message: `setting must be among ${SETTINGS.join(', ')}` }) setting?: Setting[];

  @ApiPropertyOptional({ example: 9.5, description: "the child's age in years" })
  @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'age must be a number of years' }) @Min(0) @Max(27) age?: number;

  @ApiPropertyOptional({ description: 'only offerings with a free place now' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'freeNow must be true or false' }) freeNow?: boolean;

  @ApiPropertyOptional({ example: 8, description: 'a free place, or an expected wait of at most this many weeks' })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'maxWaitWeeks must be a whole number' }) @Min(0) @Max(520) maxWaitWeeks?: number;

  @ApiPropertyOptional({ example: 'JZ22', description: 'contracted by this region (or accepting children from other regions)' })
  @IsOptional() @Matches(/^JZ\d{2}$/, { message: 'contractedFor must be a youth-care region code such as JZ22' }) contractedFor?: string;

  @ApiPropertyOptional({ description: 'true: only secure residential care; false: none' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'secureCare must be true or false' }) secureCare?: boolean;

  @ApiPropertyOptional({ example: 'GM0344', description: 'distance from this municipality\'s centre' })
  @IsOptional() @Matches(/^GM\d{4}$/, { message: 'near must be a municipality code such as GM0344' }) near?: string;

  @ApiPropertyOptional({ example: 52.09, description: 'distance from this point (with lon)' })
  @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'lat must be a number' }) lat?: number;

  @ApiPropertyOptional({ example: 5.12 })
  @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'lon must be a number' }) lon?: number;

  @ApiPropertyOptional({ example: 25, description: 'only within this many km of near / lat,lon' })
  @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'radiusKm must be a number' }) @Min(0.1) @Max(400) radiusKm?: number;

  @ApiPropertyOptional({ enum: SEARCH_SORTS, default: 'relevance' })
  @IsOptional() @IsIn(SEARCH_SORTS as unknown as string[], { message: `sort must be one of ${SEARCH_SORTS.join(', ')}` }) sort?: (typeof SEARCH_SORTS)[number];

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'page must be a whole number' }) @Min(1) @Max(10_000) page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'perPage must be a whole number' }) @Min(1) @Max(100) perPage: number = 20;
}

class HitProvider {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

class HitLocation {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
  @ApiProperty() municipalityCode!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'the municipality centre when the address is withheld (null if unknown)' }) latitude!: number | null;
  @ApiProperty({ nullable: true, type: Number }) longitude!: number | null;
  @ApiProperty({ description: 'a family home or foster family: name, city and position are the municipality\'s' }) addressWithheld!: boolean;
}

export class OfferingHitResponse implements OfferingHit {
  @ApiProperty() offeringId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() categoryCode!: string;
  @ApiProperty({ enum: SETTINGS }) setting!: Setting;
  @ApiProperty() minAge!: number;
  @ApiProperty() maxAge!: number;
  @ApiProperty({ type: [String] }) specialismCodes!: string[];
  @ApiProperty() requiresSecureAuthorisation!: boolean;
  @ApiProperty() acceptsOtherRegions!: boolean;
  @ApiProperty({ type: [String] }) contractedRegionCodes!: string[];
  @ApiProperty({ type: HitProvider }) provider!: HitProvider;
  @ApiProperty({ type: HitLocation }) location!: HitLocation;
  @ApiProperty({ nullable: true, type: Number }) distanceKm!: number | null;
  @ApiProperty() totalPlaces!: number;
  @ApiProperty() freePlaces!: number;
  @ApiProperty() waitWeeks!: number;
  @ApiProperty() capacityConfirmedAt!: string;
  @ApiProperty({ enum: ['today', 'this_week', 'older', 'stale'] }) freshness!: OfferingHit['freshness'];
}

class Availability {
  @ApiProperty() free!: number;
  @ApiProperty() full!: number;
}

export class OfferingFacetsResponse implements OfferingFacets {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { JZ22: 12 } }) region!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { '43': 4 } }) category!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { foster_care: 3 } }) setting!: Record<string, number>;
  @ApiProperty({ type: Availability }) availability!: Availability;
}

export class OfferingSearchResponse {
  @ApiProperty({ type: [OfferingHitResponse] }) hits!: OfferingHitResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() perPage!: number;
  @ApiProperty({ type: OfferingFacetsResponse }) facets!: OfferingFacetsResponse;
  @ApiProperty({ enum: ['postgresql', 'meilisearch'], description: 'which engine answered' }) engine!: 'postgresql' | 'meilisearch';
}
