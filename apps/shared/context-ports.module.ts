import { Global, Module } from '@nestjs/common';
import { HelpCatalogue } from '@passend/cases';
import { OfferingReader, SocialMapModule } from '@passend/social-map';

/**
 * Where sibling contexts meet: the ports a context declares, bound to the context that
 * implements them. Cases declares HelpCatalogue; the social map's OfferingReader answers it.
 * Neither lib imports the other; only the apps (and, later, matching) know both.
 */
@Global()
@Module({
  imports: [SocialMapModule],
  providers: [{ provide: HelpCatalogue, useExisting: OfferingReader }],
  exports: [HelpCatalogue],
})
export class ContextPortsModule {}
