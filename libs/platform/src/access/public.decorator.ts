import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'passend:public';

/** Opens a route to callers without a token. Every other route needs authentication. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
