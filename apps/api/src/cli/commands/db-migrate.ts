import { runMigrations } from '../../bootstrap';
import type { CliCommand } from '../command';
import { withDatabaseUrl } from '../database-url';

export const dbMigrate: CliCommand = {
  name: ['db', 'migrate'],
  summary: 'Apply pending database migrations',
  usage:
    'pnpm shiming db migrate    (uses DATABASE_URL; without it, the embedded database under DATA_DIR)',
  needsApp: false,
  async run({ config, out }) {
    return withDatabaseUrl(config, async (url) => {
      const ran = await runMigrations(url);
      out(ran.length ? `applied: ${ran.join(', ')}` : 'database is up to date');
      return 0;
    });
  },
};
