import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { EscalationService } from '../escalation/escalation.service';
import { RetentionService } from '../retention/retention.service';

/** One periodic job of the worker process. */
export interface ScheduledJob {
  name: string;
  run(): Promise<void>;
}

/**
 * Runs the carrier-operations jobs (escalation, retention) every
 * OPERATIONS_JOB_INTERVAL_SECONDS in processes with WORKERS_ENABLED. Nothing here holds state
 * that matters: every job is idempotent and takes a per-tenant advisory lock (a replica that
 * finds a tenant busy skips it), so any number of worker replicas may run it.
 */
@Injectable()
export class ScheduledJobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ScheduledJobsService.name);
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  readonly jobs: ScheduledJob[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    escalation: EscalationService,
    retention: RetentionService,
  ) {
    this.jobs = [
      {
        name: 'escalation',
        run: async () => {
          const results = await escalation.runAll({
            actor: { type: 'system', id: 'scheduler' },
            wait: false,
          });
          const moved = results.reduce((n, r) => n + r.singleToDouble + r.doubleToCancelled, 0);
          if (moved > 0) this.logger.log(`escalation: ${moved} numbers moved`);
        },
      },
      {
        name: 'retention',
        run: async () => {
          await retention.run({ actor: { type: 'system', id: 'scheduler' } });
        },
      },
    ];
  }

  onApplicationBootstrap(): void {
    if (!this.config.workersEnabled) return;
    const every = this.config.operations.jobIntervalSeconds * 1000;
    // First round shortly after start (not during it), then on the interval.
    this.timer = setTimeout(() => this.tick(every), Math.min(every, 30_000));
  }

  private tick(every: number): void {
    this.current = this.runOnce().finally(() => {
      this.current = undefined;
    });
    this.timer = setTimeout(() => this.tick(every), every);
  }

  /** Every job once, one after the other; a failing job is logged and does not stop the others. */
  async runOnce(): Promise<void> {
    if (this.current) return this.current;
    for (const job of this.jobs) {
      try {
        await job.run();
      } catch (err) {
        this.logger.error(
          `${job.name} failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }
}
