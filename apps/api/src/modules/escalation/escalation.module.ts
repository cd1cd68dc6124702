import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { EscalationRepository } from './escalation.repository';
import { EscalationService } from './escalation.service';

@Module({
  imports: [OperationsModule],
  providers: [EscalationRepository, EscalationService],
  exports: [EscalationService],
})
export class EscalationModule {}
