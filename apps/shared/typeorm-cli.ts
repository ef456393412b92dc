import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { readConfigOrExit } from './boot.js';
import { passendDataSourceOptions } from './data-source.js';

/** For the TypeORM CLI (`npm run migration:generate`), which wants a module whose default export is a DataSource. */
export default new DataSource(passendDataSourceOptions(readConfigOrExit(process.env)));
