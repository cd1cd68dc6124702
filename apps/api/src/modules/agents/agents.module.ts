import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { AgentsAdminController } from './agents-admin.controller';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';
import { ConsoleAuthController } from './console-auth.controller';
import { LoginAttemptsRepository } from './login-attempts.repository';

@Module({
  imports: [TenantsModule],
  controllers: [ConsoleAuthController, AgentsAdminController],
  providers: [AgentsRepository, LoginAttemptsRepository, AgentsService],
  exports: [AgentsService],
})
export class AgentsModule {}
