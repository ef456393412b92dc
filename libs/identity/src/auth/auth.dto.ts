import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from '@passend/platform';

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

export class LoginResponse {
  @ApiProperty({ description: 'JWT bearer token' }) accessToken!: string;
  @ApiProperty({ description: 'seconds until the token expires' }) expiresIn!: number;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
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
