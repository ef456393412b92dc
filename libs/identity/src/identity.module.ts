import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountAdministration } from './accounts/account-administration.js';
import { AccountsController } from './accounts/accounts.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { LoginService } from './auth/login.service.js';
import { PrincipalResolver } from './auth/principal-resolver.js';
import { ProfileService } from './auth/profile.service.js';
import { TokenService } from './auth/token.service.js';
import { UserDirectory } from './directory/user-directory.js';
import { AccessControl } from './policy/access-control.js';
import { SessionDirectory } from './sessions/session-directory.js';
import { Sessions } from './sessions/sessions.js';

/** Sign-in and sessions, the global authentication guard, account administration and record-level access control. */
@Module({
  controllers: [AuthController, AccountsController],
  providers: [
    TokenService,
    PrincipalResolver,
    LoginThrottle,
    LoginService,
    Sessions,
    SessionDirectory,
    AccountAdministration,
    ProfileService,
    AccessControl,
    UserDirectory,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessControl, TokenService, PrincipalResolver, UserDirectory, SessionDirectory],
})
export class IdentityModule {}
