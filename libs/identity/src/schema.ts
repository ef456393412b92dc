import type { SchemaContribution } from '@passend/platform';
import { Identity1795800000100 } from './migrations/1795800000100-Identity.js';
import { LoginBackoff1795800000640 } from './migrations/1795800000640-LoginBackoff.js';
import { Sessions1795800000740 } from './migrations/1795800000740-Sessions.js';
import { Organisation } from './organisations/organisation.entity.js';
import { User } from './organisations/user.entity.js';
import { Session, UsedRefreshToken } from './sessions/session.entity.js';

export const identitySchema: SchemaContribution = {
  entities: [Organisation, User, Session, UsedRefreshToken],
  migrations: [Identity1795800000100, LoginBackoff1795800000640, Sessions1795800000740],
};
