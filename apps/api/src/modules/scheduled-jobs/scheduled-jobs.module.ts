import { Module } from '@nestjs/common';
import { EscalationModule } from '../escalation/escalation.module';
import { ScheduledJobsService } from './scheduled-jobs.service';

/** The periodic carrier-operations jobs of the worker process. */
@Module({
  imports: [EscalationModule],
  providers: [ScheduledJobsService],
  exports: [ScheduledJobsService],
})
export class ScheduledJobsModule {}
