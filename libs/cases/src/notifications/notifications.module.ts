import { Module } from '@nestjs/common';
import { IdentityModule } from '@passend/identity';
import { NormCheck } from './norm-check.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Norm notifications: the daily norm check (job cases.check-norms, handler NormCheck.run) and a
 * user's own notifications (GET /api/notifications, mark read). Needs the platform (global
 * DataSource and JobProducer) and identity's UserDirectory; the global AuthGuard of identity enforces @Roles.
 */
@Module({
  imports: [IdentityModule],
  controllers: [NotificationsController],
  providers: [NormCheck, NotificationsService],
  exports: [NormCheck],
})
export class NotificationsModule {}
