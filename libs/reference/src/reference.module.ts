import { Module } from '@nestjs/common';
import { ReferenceCatalog } from './reference-catalog.js';
import { ReferenceController } from './reference.controller.js';

@Module({
  controllers: [ReferenceController],
  providers: [ReferenceCatalog],
  exports: [ReferenceCatalog],
})
export class ReferenceModule {}
