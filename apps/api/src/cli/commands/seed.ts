import { DemoSeedService } from '../../modules/demo-seed/demo-seed.service';
import type { CliCommand } from '../command';

export const seed: CliCommand = {
  name: ['seed'],
  summary: 'Load the demo tenants, agents and suspended numbers into an empty database',
  usage:
    'pnpm shiming seed    (demo/test mode only; does nothing when any tenant exists. Agents: <tenant>-agent, -agent2, -supervisor, -admin and platform-admin, password shiming-demo)',
  needsApp: true,
  async run({ app, config, out, err }) {
    if (config.mode === 'production') {
      err('Refusing to load demo data (known passwords) with SHIMING_MODE=production.');
      return 1;
    }
    const r = await app!.get(DemoSeedService).seedIfEmpty();
    out(
      r.seeded
        ? `seeded ${r.tenants} tenants, ${r.agents} agents, ${r.numbers} numbers`
        : 'the database already has tenants: nothing seeded',
    );
    return 0;
  },
};
