import { Logger } from '@nestjs/common';
import { readConfigOrExit } from '../../shared/boot.js';
import { createApi } from './create-api.js';

const config = readConfigOrExit(process.env);
const app = await createApi(config);
await app.listen(config.port, '0.0.0.0');
const address = app.getHttpServer().address();
const port = typeof address === 'object' && address ? address.port : config.port;
new Logger('api').log({ msg: 'api listening', port });
process.send?.({ type: 'ready', port });
