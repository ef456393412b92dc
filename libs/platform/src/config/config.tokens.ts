import { Inject } from '@nestjs/common';

export const PASSEND_CONFIG = Symbol('PASSEND_CONFIG');

/** Injects the validated PassendConfig. */
export const InjectConfig = () => Inject(PASSEND_CONFIG);
