import type { CliCommand } from '../command';
import { dbMigrate } from './db-migrate';

/** Every CLI command. */
export const COMMANDS: CliCommand[] = [dbMigrate];
