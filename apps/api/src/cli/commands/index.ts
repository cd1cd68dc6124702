import type { CliCommand } from '../command';
import { auditVerify } from './audit-verify';
import { dbMigrate } from './db-migrate';
import { escalateCommand } from './escalate';
import { importCommand } from './import';
import { noticesImportCommand } from './notices-import';
import { reportCommand } from './report';
import { retentionRunCommand } from './retention-run';
import { seed } from './seed';
import { documentsSweep } from './documents-sweep';
import { storageSweep } from './storage-sweep';
import { wechatAccountSet, wechatMenuPublish } from './wechat';
import { campaignCreate, campaignRun, campaignStatus } from './campaign';
import { miniprogramBuild, miniprogramUpload } from './miniprogram';

/** Every CLI command. */
export const COMMANDS: CliCommand[] = [
  dbMigrate,
  auditVerify,
  importCommand,
  escalateCommand,
  noticesImportCommand,
  reportCommand,
  retentionRunCommand,
  documentsSweep,
  storageSweep,
  seed,
  wechatAccountSet,
  wechatMenuPublish,
  campaignCreate,
  campaignRun,
  campaignStatus,
  miniprogramBuild,
  miniprogramUpload,
];
