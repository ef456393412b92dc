import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import type { Freshness } from '../domain/freshness.js';
import { SETTINGS, type Setting } from '@passend/reference/domain';

export class ProviderProfileRequest {
  @ApiProperty({ example: 'Jeugdhulp De Linde' }) @IsString() @MinLength(2) @MaxLength(200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @ApiPropertyOptional({ example: 'https://www.example.nl' }) @IsOptional() @IsUrl({ require_protocol: true }, { message: 'website must be a URL with http(s)://' }) website?: string;
  @ApiPropertyOptional({ description: 'the organisation\'s general address, not a person\'s' }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[+0-9 ()-]{6,40}$/, { message: 'phone must be a phone number' }) phone?: string;
  @ApiPropertyOptional({ example: '12345678' }) @IsOptional() @Matches(/^\d{8}$/, { message: 'kvkNumber must be 8 digits' }) kvkNumber?: string;
}

export class ProviderResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) kvkNumber!: string | null;
  @ApiProperty() synthetic!: boolean;
}

export class LocationRequest {
  @ApiProperty({ example: 'Locatie Oudwijk' }) @IsString() @MinLength(2) @MaxLength(200) name!: string;
  @ApiPropertyOptional({ example: 'Oudwijk 12' }) @IsOptional() @IsString() @MaxLength(200) street?: string;
  @ApiPropertyOptional({ example: '3581 JK' }) @IsOptional() @Matches(/^[1-9]\d{3} ?[A-Z]{2}$/, { message: 'postcode must be a Dutch postcode such as 3581 JK' }) postcode?: string;
  @ApiProperty({ example: 'Utrecht' }) @IsString() @MinLength(1) @MaxLength(100) city!: string;
  @ApiProperty({ example: 'GM0344' }) @Matches(/^GM\d{4}$/, { message: 'municipalityCode must be a CBS code such as GM0344' }) municipalityCode!: string;
  @ApiPropertyOptional({ example: 52.0907, description: 'WGS84; the municipality centre when left out' }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) latitude?: number;
  @ApiPropertyOptional({ example: 5.1214 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) longitude?: number;
}

/**
 * Every field may be left out; a field the location must have (name, city, municipality) may not
 * be null (`skipNullProperties: false`: null is validated, not taken for absent). A null name
 * reached the database as a 500 (found by the fuzz).
 */
export class LocationUpdateRequest extends PartialType(LocationRequest, { skipNullProperties: false }) {}

export class LocationResponse {
  @ApiProperty() id!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) street!: string | null;
  @ApiProperty({ nullable: true, type: String }) postcode!: string | null;
  @ApiProperty() city!: string;
  @ApiProperty() municipalityCode!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'WGS84; the municipality centre when the address is withheld (null if that centre is unknown)' }) latitude!: number | null;
  @ApiProperty({ nullable: true, type: Number }) longitude!: number | null;
  @ApiProperty({
    description: 'true when the location houses a family home or foster family and you are not its provider: street and postcode are null, name and city are the municipality\'s, coordinates its centre',
  })
  addressWithheld!: boolean;
}

export class OfferingRequest {
  @ApiProperty() @IsUUID('4', { message: 'locationId must be a UUID' }) locationId!: string;
  @ApiProperty({ example: 'Gezinshuis De Linde' }) @IsString() @MinLength(2) @MaxLength(200) name!: string;
  @ApiProperty({ example: '43', description: 'iJw JZ020 product category (current codes 40-55)' }) @Matches(/^\d{2}$/, { message: 'categoryCode must be a JZ020 code such as 43' }) categoryCode!: string;
  @ApiProperty({ enum: SETTINGS }) @IsIn(SETTINGS as unknown as string[], { message: `setting must be one of ${SETTINGS.join(', ')}` }) setting!: Setting;
  @ApiProperty({ example: ['trauma_treatment'], type: [String] }) @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) specialismCodes!: string[];
  @ApiProperty({ example: 4, description: 'years; decimals allowed' }) @IsNumber({ allowNaN: false, allowInfinity: false }) minAge!: number;
  @ApiProperty({ example: 17.5 }) @IsNumber({ allowNaN: false, allowInfinity: false }) maxAge!: number;
  @ApiPropertyOptional({ type: [String], example: ['acute suïcidaliteit'] }) @IsOptional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @MaxLength(200, { each: true }) exclusionCriteria?: string[];
  @ApiPropertyOptional({ description: 'secure residential care: needs a court authorisation for secure care' }) @IsOptional() @IsBoolean() requiresSecureAuthorisation?: boolean;
  @ApiProperty({ example: ['JZ22'], type: [String], description: 'youth-care regions that have contracted this offering' }) @IsArray() @ArrayMaxSize(42) @Matches(/^JZ\d{2}$/, { each: true, message: 'each contractedRegionCodes entry must be a region code such as JZ22' }) contractedRegionCodes!: string[];
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() acceptsOtherRegions?: boolean;
  @ApiPropertyOptional({ description: 'in Dutch' }) @IsOptional() @IsString() @MaxLength(8000) descriptionNl?: string;
  @ApiProperty({ example: 6 }) @IsInt() totalPlaces!: number;
  @ApiProperty({ example: 1 }) @IsInt() freePlaces!: number;
  @ApiPropertyOptional({ example: 4, default: 0 }) @IsOptional() @IsInt() waitWeeks?: number;
}

/** As LocationUpdateRequest: PATCH /api/offerings/:id with {"name": null} answered 500 (found by the fuzz). */
export class OfferingUpdateRequest extends PartialType(
  PickType(OfferingRequest, ['name', 'categoryCode', 'setting', 'specialismCodes', 'minAge', 'maxAge', 'exclusionCriteria', 'requiresSecureAuthorisation', 'contractedRegionCodes', 'acceptsOtherRegions', 'descriptionNl'] as const),
  { skipNullProperties: false },
) {}

export class OfferingResponse {
  @ApiProperty() id!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() providerName!: string;
  @ApiProperty({ type: LocationResponse }) location!: LocationResponse;
  @ApiProperty() name!: string;
  @ApiProperty() categoryCode!: string;
  @ApiProperty({ enum: SETTINGS }) setting!: Setting;
  @ApiProperty({ type: [String] }) specialismCodes!: string[];
  @ApiProperty() minAge!: number;
  @ApiProperty() maxAge!: number;
  @ApiProperty({ type: [String] }) exclusionCriteria!: string[];
  @ApiProperty() requiresSecureAuthorisation!: boolean;
  @ApiProperty({ type: [String] }) contractedRegionCodes!: string[];
  @ApiProperty() acceptsOtherRegions!: boolean;
  @ApiProperty() descriptionNl!: string;
  @ApiProperty() totalPlaces!: number;
  @ApiProperty() freePlaces!: number;
  @ApiProperty() waitWeeks!: number;
  @ApiProperty() version!: number;
  @ApiProperty() capacityConfirmedAt!: string;
  @ApiProperty({ enum: ['today', 'this_week', 'older', 'stale'] }) freshness!: Freshness;
  @ApiProperty() active!: boolean;
}

export class SpecialismRequest {
  @ApiProperty({ example: 'selective_mutism' }) @Matches(/^[a-z][a-z0-9_]{1,59}$/, { message: 'code must be lower_snake_case' }) code!: string;
  @ApiProperty({ example: 'Selectief mutisme' }) @IsString() @MinLength(2) @MaxLength(120) labelNl!: string;
  @ApiProperty({ example: 'selective mutism' }) @IsString() @MinLength(2) @MaxLength(120) labelEn!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(60, { each: true }) synonyms?: string[];
}

export class SpecialismResponse {
  @ApiProperty() code!: string;
  @ApiProperty() labelNl!: string;
  @ApiProperty() labelEn!: string;
  @ApiProperty({ type: [String] }) synonyms!: string[];
}

export class StaleOfferingsResponse {
  @ApiProperty({ nullable: true, type: String, description: 'date of the last daily report' }) reportDate!: string | null;
  @ApiProperty({ type: [OfferingResponse], description: 'offerings whose capacity nobody confirmed for 14 days, as of now' }) offerings!: OfferingResponse[];
}


