import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { backoffMs, BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import { HandlerOutcome, OUTBOX_HANDLERS, OutboxHandler } from './outbox.handler';
import { OutboxRepository, OutboxRow } from './outbox.repository';

export interface OutboxWorkerOptions {
  /** Rows claimed per round. */
  batchSize: number;
  /** Pause between rounds when there was nothing (or less than a batch) to do. */
  idleMs: number;
  /** How long a claim holds a row; a worker that dies gives it back after this. Longer than any handler's timeout. */
  lockSeconds: number;
  /** Tries before a row is dead-lettered. */
  maxAttempts: number;
  backoff: BackoffOptions;
}

export const DEFAULT_WORKER_OPTIONS: OutboxWorkerOptions = {
  batchSize: 10,
  idleMs: 1_000,
  lockSeconds: 60,
  maxAttempts: 8,
  backoff: DEFAULT_BACKOFF,
};

/**
 * Drains the outbox. Any number of replicas may run it: rows are claimed with SKIP LOCKED in one
 * statement, and everything that matters (attempts, next try, locks) lives in the table, not here.
 * Started on bootstrap when config.workersEnabled; stops before the database is closed.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly handlers: Map<string, OutboxHandler>;
  readonly options: OutboxWorkerOptions = { ...DEFAULT_WORKER_OPTIONS };
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    @Inject(OUTBOX_HANDLERS) handlers: OutboxHandler[],
  ) {
    this.handlers = new Map(handlers.map((h) => [h.topic, h]));
  }

  onApplicationBootstrap(): void {
    if (this.config.workersEnabled) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
    this.logger.log('outbox worker started');
  }

  /** Lets the round in progress finish (so no row is left half-handled), then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (err) {
        this.logger.error(
          `outbox round failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      if (handled < this.options.batchSize && !this.stopping) await this.sleep(this.options.idleMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** One round: claim due rows, handle them, record each outcome. Answers how many were claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.outbox.claimDue(this.options.batchSize, this.options.lockSeconds);
    await Promise.all(rows.map((row) => this.handleOne(row)));
    return rows.length;
  }

  /** Rounds until nothing is due (tests and the CLI). */
  async drain(maxRounds = 100): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  private async handleOne(row: OutboxRow): Promise<void> {
    const handler = this.handlers.get(row.topic);
    let outcome: HandlerOutcome;
    if (!handler) outcome = { ok: false, error: `no handler for topic ${row.topic}` };
    else {
      try {
        outcome = await handler.handle(row);
      } catch (err) {
        outcome = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    }
    const attempts = Number(row.attempts);
    if (outcome.ok) {
      await this.outbox.markDone(undefined, row.tenant_id, row.id);
      return;
    }
    const dead = attempts >= this.options.maxAttempts;
    const retryAt = dead ? null : new Date(Date.now() + backoffMs(attempts, this.options.backoff));
    await this.outbox.markFailed(row.tenant_id, row.id, attempts, outcome.error, retryAt);
    const what = `${row.topic} ${row.id} try ${attempts}/${this.options.maxAttempts}: ${outcome.error}`;
    if (dead) this.logger.error(`dead-lettered ${what}`);
    else this.logger.warn(`failed ${what}; next try at ${retryAt?.toISOString() ?? ''}`);
  }
}
