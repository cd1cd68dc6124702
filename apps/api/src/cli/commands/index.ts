import type { CliCommand } from '../command';
import { dbMigrate } from './db-migrate';
import { escalateCommand } from './escalate';
import { importCommand } from './import';
import { documentsSweep } from './documents-sweep';

/** Every CLI command. */
export const COMMANDS: CliCommand[] = [dbMigrate, importCommand, escalateCommand, documentsSweep];
