import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { LoginService } from './auth/login.service.js';
import { PrincipalResolver } from './auth/principal-resolver.js';
import { ProfileService } from './auth/profile.service.js';
import { TokenService } from './auth/token.service.js';
import { UserDirectory } from './directory/user-directory.js';
import { AccessControl } from './policy/access-control.js';

/** Sign-in, the global authentication guard and record-level access control. */
@Module({
  controllers: [AuthController],
  providers: [
    TokenService,
    PrincipalResolver,
    LoginThrottle,
    LoginService,
    ProfileService,
    AccessControl,
    UserDirectory,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessControl, TokenService, PrincipalResolver, UserDirectory],
})
export class IdentityModule {}
