import type { CliCommand } from '../command';

/** A command's words and how to load it: only the command that runs is imported (start-up). */
export interface CommandEntry {
  name: string[];
  load(): Promise<CliCommand>;
}

/** Every CLI command (commands.spec checks each name against the loaded command's). */
export const COMMANDS: CommandEntry[] = [
  { name: ['db', 'migrate'], load: async () => (await import('./db-migrate.js')).dbMigrate },
  { name: ['audit', 'verify'], load: async () => (await import('./audit-verify.js')).auditVerify },
  { name: ['import'], load: async () => (await import('./import.js')).importCommand },
  { name: ['escalate'], load: async () => (await import('./escalate.js')).escalateCommand },
  {
    name: ['notices', 'import'],
    load: async () => (await import('./notices-import.js')).noticesImportCommand,
  },
  { name: ['report'], load: async () => (await import('./report.js')).reportCommand },
  {
    name: ['retention', 'run'],
    load: async () => (await import('./retention-run.js')).retentionRunCommand,
  },
  {
    name: ['documents', 'sweep'],
    load: async () => (await import('./documents-sweep.js')).documentsSweep,
  },
  {
    name: ['storage', 'sweep'],
    load: async () => (await import('./storage-sweep.js')).storageSweep,
  },
  { name: ['seed'], load: async () => (await import('./seed.js')).seed },
  {
    name: ['wechat', 'account', 'set'],
    load: async () => (await import('./wechat.js')).wechatAccountSet,
  },
  {
    name: ['wechat', 'menu', 'publish'],
    load: async () => (await import('./wechat.js')).wechatMenuPublish,
  },
  {
    name: ['campaign', 'create'],
    load: async () => (await import('./campaign.js')).campaignCreate,
  },
  { name: ['campaign', 'run'], load: async () => (await import('./campaign.js')).campaignRun },
  {
    name: ['campaign', 'status'],
    load: async () => (await import('./campaign.js')).campaignStatus,
  },
  {
    name: ['miniprogram', 'build'],
    load: async () => (await import('./miniprogram.js')).miniprogramBuild,
  },
  {
    name: ['miniprogram', 'upload'],
    load: async () => (await import('./miniprogram.js')).miniprogramUpload,
  },
];
