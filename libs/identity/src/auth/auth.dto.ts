import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from '@passend/platform';
import { REFRESH_TOKEN_PATTERN } from '../sessions/refresh-token.js';

const REFRESH_TOKEN_FORMAT = 'refreshToken must be a refresh token as returned by sign-in (43 characters A-Z a-z 0-9 _ -)';

export class LoginRequest {
  @ApiProperty({ example: 'jeugdbeschermer@demo.passend.nl' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'passend-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class RefreshRequest {
  @ApiProperty({ description: 'the refresh token of the last sign-in or refresh; it works once' })
  @IsString({ message: REFRESH_TOKEN_FORMAT })
  @Matches(REFRESH_TOKEN_PATTERN, { message: REFRESH_TOKEN_FORMAT })
  refreshToken!: string;
}

export class LogoutRequest {
  @ApiProperty({ required: false, description: "the session's refresh token; when given, it must be of the bearer token's session" })
  @IsOptional()
  @IsString({ message: REFRESH_TOKEN_FORMAT })
  @Matches(REFRESH_TOKEN_PATTERN, { message: REFRESH_TOKEN_FORMAT })
  refreshToken?: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'JWT bearer token; it names the sign-in session and stops working when that ends' }) accessToken!: string;
  @ApiProperty({ description: 'seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'opaque token for POST /api/auth/refresh; it works once (each refresh returns a new one)' }) refreshToken!: string;
  @ApiProperty({ description: 'seconds until the refresh token stops working unless used (idle timeout, or the end of the session)' }) refreshExpiresIn!: number;
}

export class MeResponse {
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) organisationKind!: OrganisationKind;
  @ApiProperty({ nullable: true, type: String }) regionCode!: string | null;
}
