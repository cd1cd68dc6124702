import { Module } from '@nestjs/common';
import { TenantRefRepository } from './tenant-ref.repository';

/** What the carrier-operations modules share. */
@Module({ providers: [TenantRefRepository], exports: [TenantRefRepository] })
export class OperationsModule {}
