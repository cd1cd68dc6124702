import { Module } from '@nestjs/common';
import { NumbersModule } from '../numbers/numbers.module';
import { TenantsModule } from '../tenants/tenants.module';
import { WeChatModule } from '../wechat/wechat.module';
import { CarrierClient } from './carrier.client';
import { EscalateHandler } from './escalate.handler';
import { LiftHandler } from './lift.handler';
import { NotifyHandler } from './notify.handler';
import { OUTBOX_HANDLERS, OutboxHandler } from './outbox.handler';
import { OutboxRepository } from './outbox.repository';
import { OutboxWorker } from './outbox.worker';
import { ProvisioningRepository } from './provisioning.repository';

/** The outbox, its worker, and the handlers that lift suspensions and tell subscribers. */
@Module({
  imports: [NumbersModule, TenantsModule, WeChatModule],
  providers: [
    OutboxRepository,
    ProvisioningRepository,
    CarrierClient,
    LiftHandler,
    EscalateHandler,
    NotifyHandler,
    {
      provide: OUTBOX_HANDLERS,
      inject: [LiftHandler, EscalateHandler, NotifyHandler],
      useFactory: (...handlers: OutboxHandler[]): OutboxHandler[] => handlers,
    },
    OutboxWorker,
  ],
  exports: [OutboxRepository, OutboxWorker],
})
export class ProvisioningModule {}
