import { Module } from '@nestjs/common';
import { EscalationModule } from '../escalation/escalation.module';
import { RetentionModule } from '../retention/retention.module';
import { ScheduledJobsService } from './scheduled-jobs.service';

/** The periodic carrier-operations jobs of the worker process. */
@Module({
  imports: [EscalationModule, RetentionModule],
  providers: [ScheduledJobsService],
  exports: [ScheduledJobsService],
})
export class ScheduledJobsModule {}
