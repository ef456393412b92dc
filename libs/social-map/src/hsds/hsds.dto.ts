import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * Open Referral HSDS 3.1 (https://docs.openreferral.org/en/v3.1/): the response classes carry
 * only properties the HSDS 3.1 schemas define, with HSDS's snake_case names. Optional properties
 * are left out rather than null (the schemas type them as plain strings and numbers).
 */

export const HSDS_DEFAULT_PER_PAGE = 50;
export const HSDS_MAX_PER_PAGE = 100;

/** `?page=&per_page=` as the HSDS OpenAPI names them. */
export class HsdsPageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1, description: 'page number, from 1' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number of 1 or more' })
  @Min(1, { message: 'page must be a whole number of 1 or more' })
  @Max(1_000_000, { message: 'page must be at most 1000000' })
  page: number = 1;

  @ApiPropertyOptional({ default: HSDS_DEFAULT_PER_PAGE, minimum: 1, maximum: HSDS_MAX_PER_PAGE, description: 'entries per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `per_page must be a whole number from 1 to ${HSDS_MAX_PER_PAGE}` })
  @Min(1, { message: `per_page must be a whole number from 1 to ${HSDS_MAX_PER_PAGE}` })
  @Max(HSDS_MAX_PER_PAGE, { message: `per_page must be a whole number from 1 to ${HSDS_MAX_PER_PAGE}` })
  per_page: number = HSDS_DEFAULT_PER_PAGE;
}

// ---- taxonomy --------------------------------------------------------------------------------

export class HsdsTaxonomyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'iJw JZ020' }) name!: string;
  @ApiProperty() description!: string;
  @ApiPropertyOptional({ example: '3.2' }) version?: string;
}

export class HsdsTaxonomyTermResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '43' }) code!: string;
  @ApiProperty({ example: 'Jeugdhulp verblijf (incl. behandeling)' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'iJw JZ020', description: 'the taxonomy\'s name' }) taxonomy!: string;
  @ApiProperty({ format: 'uuid' }) taxonomy_id!: string;
  @ApiProperty({ type: HsdsTaxonomyResponse }) taxonomy_detail!: HsdsTaxonomyResponse;
  @ApiProperty({ example: 'nld', description: 'ISO 639-2 language of name and description' }) language!: string;
}

export class HsdsAttributeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'the service this attribute describes' }) link_id!: string;
  @ApiProperty({ example: 'service' }) link_entity!: string;
  @ApiProperty({ example: 'category', description: 'what the term describes: category (JZ020), specialism or setting' }) link_type!: string;
  @ApiProperty({ format: 'uuid' }) taxonomy_term_id!: string;
  @ApiProperty({ type: HsdsTaxonomyTermResponse }) taxonomy_term!: HsdsTaxonomyTermResponse;
  @ApiProperty({ example: 'Jeugdhulp verblijf (incl. behandeling)' }) label!: string;
}

// ---- capacity --------------------------------------------------------------------------------

export class HsdsUnitResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'places' }) name!: string;
  @ApiProperty({ example: 'Passend' }) scheme!: string;
  @ApiProperty({ example: 'places' }) identifier!: string;
}

export class HsdsServiceCapacityResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) service_id!: string;
  @ApiProperty({ format: 'uuid' }) unit_id!: string;
  @ApiProperty({ type: HsdsUnitResponse }) unit!: HsdsUnitResponse;
  @ApiProperty({ example: 1, description: 'free places now' }) available!: number;
  @ApiProperty({ example: 6, description: 'places in total' }) maximum!: number;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time', description: 'when the provider last confirmed the capacity' }) updated!: string;
}

// ---- places ----------------------------------------------------------------------------------

export class HsdsServiceAreaResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) service_id!: string;
  @ApiProperty({ example: 'Utrecht Stad (JZ22)' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'Utrecht', description: 'the municipalities of the youth-care region' }) extent!: string;
  @ApiProperty({ example: 'text' }) extent_type!: string;
}

export class HsdsAddressResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) location_id!: string;
  @ApiProperty({ example: 'Oudwijk 12' }) address_1!: string;
  @ApiProperty({ example: 'Utrecht' }) city!: string;
  @ApiProperty({ example: 'Utrecht', description: 'the municipality' }) region!: string;
  @ApiProperty({ example: 'Utrecht', description: 'the province' }) state_province!: string;
  @ApiProperty({ example: '3581 JK' }) postal_code!: string;
  @ApiProperty({ example: 'NL' }) country!: string;
  @ApiProperty({ example: 'physical' }) address_type!: string;
}

export class HsdsLocationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'physical' }) location_type!: string;
  @ApiProperty({ format: 'uuid' }) organization_id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ description: 'set when the address is withheld (foster care and family homes are private homes)' }) description?: string;
  @ApiPropertyOptional({ description: 'WGS84; the municipality centre when the address is withheld' }) latitude?: number;
  @ApiPropertyOptional() longitude?: number;
  @ApiProperty({ example: 'GM0344' }) external_identifier!: string;
  @ApiProperty({ example: 'CBS gemeentecode' }) external_identifier_type!: string;
  @ApiProperty({ type: [HsdsAddressResponse], description: 'empty when the address is incomplete or withheld' }) addresses!: HsdsAddressResponse[];
}

export class HsdsServiceAtLocationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) service_id!: string;
  @ApiProperty({ format: 'uuid' }) location_id!: string;
  @ApiProperty({ type: HsdsLocationResponse }) location!: HsdsLocationResponse;
}

// ---- services --------------------------------------------------------------------------------

export class HsdsServiceResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'the provider' }) organization_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'in Dutch' }) description!: string;
  @ApiProperty({ enum: ['active'] }) status!: 'active';
  @ApiProperty({ example: 'Wachttijd 6 weken' }) wait_time!: string;
  @ApiProperty({ example: 'Leeftijd 4 tot 17,5 jaar' }) eligibility_description!: string;
  @ApiProperty({ example: 4 }) minimum_age!: number;
  @ApiProperty({ example: 17.5 }) maximum_age!: number;
  @ApiProperty({ format: 'date-time' }) last_modified!: string;
  @ApiProperty({ type: [HsdsServiceCapacityResponse], description: 'one entry: places' }) capacities!: HsdsServiceCapacityResponse[];
  @ApiProperty({ type: [HsdsAttributeResponse], description: 'the iJw JZ020 category, the setting and the specialisms' }) attributes!: HsdsAttributeResponse[];
  @ApiProperty({ type: [HsdsServiceAreaResponse], description: 'the youth-care regions that contracted the service' }) service_areas!: HsdsServiceAreaResponse[];
  @ApiProperty({ type: [HsdsServiceAtLocationResponse] }) service_at_locations!: HsdsServiceAtLocationResponse[];
}

/** The HSDS OpenAPI `Page`. */
export class HsdsPageResponse {
  @ApiProperty({ description: 'entries in all pages' }) total_items!: number;
  @ApiProperty() total_pages!: number;
  @ApiProperty() page_number!: number;
  @ApiProperty({ description: 'entries in this page' }) size!: number;
  @ApiProperty() first_page!: boolean;
  @ApiProperty() last_page!: boolean;
  @ApiProperty({ description: 'this page has no entries' }) empty!: boolean;
}

export class HsdsServicePageResponse extends HsdsPageResponse {
  @ApiProperty({ type: [HsdsServiceResponse] }) contents!: HsdsServiceResponse[];
}

// ---- organizations ---------------------------------------------------------------------------

export class HsdsPhoneResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organization_id!: string;
  @ApiProperty({ example: '030 123 45 67' }) number!: string;
  @ApiProperty({ example: 'voice' }) type!: string;
  @ApiProperty({ example: 'Algemeen nummer' }) description!: string;
}

export class HsdsOrganizationIdentifierResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organization_id!: string;
  @ApiProperty({ example: 'NL-KVK' }) identifier_scheme!: string;
  @ApiProperty({ example: 'KvK-nummer' }) identifier_type!: string;
  @ApiProperty({ example: '12345678' }) identifier!: string;
}

export class HsdsServiceSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['active'] }) status!: 'active';
}

export class HsdsOrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiPropertyOptional({ format: 'uri' }) website?: string;
  @ApiPropertyOptional({ format: 'email', description: 'the organisation\'s general address' }) email?: string;
  @ApiProperty({ type: [HsdsPhoneResponse], description: 'the organisation\'s general number' }) phones!: HsdsPhoneResponse[];
  @ApiProperty({ type: [HsdsOrganizationIdentifierResponse], description: 'the KvK number (NL-KVK) where known' }) organization_identifiers!: HsdsOrganizationIdentifierResponse[];
}

export class HsdsOrganizationDetailResponse extends HsdsOrganizationResponse {
  @ApiProperty({ type: [HsdsServiceSummaryResponse], description: 'the active services (ids and names)' }) services!: HsdsServiceSummaryResponse[];
}

export class HsdsOrganizationPageResponse extends HsdsPageResponse {
  @ApiProperty({ type: [HsdsOrganizationResponse] }) contents!: HsdsOrganizationResponse[];
}
