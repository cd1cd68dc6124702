import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CampaignRunner } from './campaign.runner';
import { CampaignsRepository } from './campaigns.repository';

/**
 * In the worker process (WORKERS_ENABLED): picks up campaigns a carrier admin started from the
 * console (status running, nobody running them, or a runner whose heartbeat stopped) and runs
 * them one at a time. Stops between batches on shutdown; the campaign resumes on the next start.
 */
@Injectable()
export class CampaignWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CampaignWorker.name);
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  idleMs = 5_000;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: CampaignsRepository,
    private readonly runner: CampaignRunner,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.workersEnabled) this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const due = await this.repo.findOrphanRunning(this.runner.options.leaseSeconds);
        if (due) {
          const r = await this.runner.run(due.tenant_id, due.id, { signal: this.abort.signal });
          this.logger.log(
            `campaign ${due.id}: ${r.status} (sent ${r.sent}, failed ${r.failed}, skipped ${r.skipped})`,
          );
          continue;
        }
      } catch (e) {
        this.logger.error(`campaign round failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.idleMs);
        this.abort.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(t);
            resolve();
          },
          { once: true },
        );
      });
    }
  }
}
