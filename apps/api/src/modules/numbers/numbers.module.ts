import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { NumbersController } from './numbers.controller';
import { NumbersRepository } from './numbers.repository';
import { NumbersService } from './numbers.service';

@Module({
  imports: [TenantsModule],
  controllers: [NumbersController],
  providers: [NumbersRepository, NumbersService],
  exports: [NumbersService],
})
export class NumbersModule {}
