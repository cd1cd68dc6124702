import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { NumbersModule } from '../numbers/numbers.module';
import { TenantsModule } from '../tenants/tenants.module';
import { DemoSeedService } from './demo-seed.service';

/** Seeds demo data on start in demo mode (empty database only); `pnpm shiming seed` runs it on demand. */
@Module({
  imports: [TenantsModule, NumbersModule, AgentsModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoSeedModule {}
