import { SetMetadata } from '@nestjs/common';
import type { Role } from '../domain/principal.js';

export const REQUIRED_ROLES = 'passend:roles';

/** Restricts a route to the given roles (a coarse check; record-level rules live in policies). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
