import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { FakeProvisioningController } from './fake-provisioning.controller';
import { ProvisioningRepository } from './provisioning.repository';

/** Demo/test only: the carrier's provisioning system, faked. Registered outside production. */
@Module({
  imports: [TenantsModule],
  controllers: [FakeProvisioningController],
  providers: [ProvisioningRepository],
})
export class FakeProvisioningModule {}
