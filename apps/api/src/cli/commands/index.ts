import type { CliCommand } from '../command';
import { dbMigrate } from './db-migrate';
import { importCommand } from './import';

/** Every CLI command. */
export const COMMANDS: CliCommand[] = [dbMigrate, importCommand];
