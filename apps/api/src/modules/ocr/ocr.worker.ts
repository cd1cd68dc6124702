import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { readIdCardBack, readIdCardFront } from '@shiming/domain';
import { CryptoService } from '../../common/crypto/crypto.service';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { documentAad } from '../documents/documents.service';
import { STORAGE, Storage } from '../storage/storage';
import { OcrEngine } from './ocr-engine';
import { OcrQueue } from './ocr-queue';
import { ocrResultAad, type OcrResult } from './ocr-result';
import { OcrJob, OcrRepository } from './ocr.repository';

export interface OcrWorkerOptions {
  /** Pause between polls when there is nothing to read. */
  idleMs: number;
  /** How long a claim holds a job; longer than the engine's timeout plus loading the models. */
  lockSeconds: number;
  /** Tries before a job is failed for good. */
  maxAttempts: number;
  /** Wait before the next try: this × 4^(tries − 1). */
  retryBaseMs: number;
}

export const DEFAULT_OCR_WORKER_OPTIONS: OcrWorkerOptions = {
  idleMs: 2_000,
  lockSeconds: 180,
  maxAttempts: 3,
  retryBaseMs: 30_000,
};

/**
 * Reads queued ID photos, one at a time per process: claims the oldest due job (SKIP LOCKED, so
 * replicas share the queue), decrypts the photo in memory, has the engine read it in its worker
 * thread, keeps what the domain accepts (readIdCardFront/Back) and stores it encrypted. The raw
 * lines are dropped. Runs where WORKERS_ENABLED and OCR_ENABLED are both on.
 */
@Injectable()
export class OcrWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OcrWorker.name);
  readonly options: OcrWorkerOptions = { ...DEFAULT_OCR_WORKER_OPTIONS };
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: OcrRepository,
    private readonly queue: OcrQueue,
    private readonly engine: OcrEngine,
    private readonly crypto: CryptoService,
    @Inject(STORAGE) private readonly storage: Storage,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.workersEnabled && this.config.ocr.enabled) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.engine.close();
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.unsubscribe = this.queue.onQueued(() => this.wake?.());
    this.loop = this.run();
    this.logger.log('OCR worker started');
  }

  /** Lets the read in progress finish, then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (err) {
        this.logger.error(`OCR round failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!worked && !this.stopping) await this.sleep(this.options.idleMs);
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

  /** Claims and reads one job. Answers whether there was one. */
  async runOnce(): Promise<boolean> {
    const job = await this.repo.claimNext(this.options.lockSeconds);
    if (!job) return false;
    try {
      await this.read(job);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const last = job.attempts >= this.options.maxAttempts;
      const retryAt = last
        ? null
        : new Date(Date.now() + this.options.retryBaseMs * 4 ** (job.attempts - 1));
      await this.repo.fail(job, error, retryAt);
      const what = `OCR of document ${job.documentId} try ${job.attempts}/${this.options.maxAttempts}: ${error}`;
      if (last) this.logger.error(`gave up ${what}`);
      else this.logger.warn(`failed ${what}`);
    }
    return true;
  }

  /** Jobs until none is due (tests, the benchmark). */
  async drain(maxJobs = 100): Promise<number> {
    let n = 0;
    while (n < maxJobs && (await this.runOnce())) n++;
    return n;
  }

  private async read(job: OcrJob): Promise<void> {
    const source = await this.repo.source(job.tenantId, job.documentId);
    // Replaced by a newer photo, or purged, before its turn: nothing to read.
    if (!source || source.superseded || source.purged) {
      await this.repo.finish(job, { status: 'skipped' });
      return;
    }
    const sealed = await this.storage.get(source.storageKey);
    const jpeg = this.crypto.decrypt(
      job.tenantId,
      sealed,
      documentAad(job.tenantId, job.documentId),
    );
    const read = await this.engine.read(jpeg);
    const lines = read.lines.map((l) => l.text);
    const result: OcrResult =
      job.kind === 'id_front'
        ? { kind: 'id_front', ...readIdCardFront(lines) }
        : { kind: 'id_back', ...readIdCardBack(lines) };
    await this.repo.finish(job, {
      status: 'done',
      resultEnc: this.crypto.encrypt(
        job.tenantId,
        JSON.stringify(result),
        ocrResultAad(job.tenantId, job.documentId),
      ),
      readMs: read.ms,
    });
  }
}
