import { Inject, Injectable, Logger } from '@nestjs/common';
import { DocumentsService, type SweepReport } from '../documents/documents.service';
import { STORAGE, Storage } from '../storage/storage';
import { DocumentFileRow, StorageSweepRepository } from './storage-sweep.repository';

export interface StorageCheckReport {
  dryRun: boolean;
  /** Stored objects without a row (a crash between the file write and the commit). */
  orphans: SweepReport;
  /** Temporary files of writes killed before their rename. */
  partialWrites: string[];
  /** Document rows checked against storage. */
  rowsChecked: number;
  /** Rows whose file is not in storage: the photo is lost; the subscriber must upload it again. */
  missing: DocumentFileRow[];
}

/**
 * The repair after crashes, both ways round: files no row points at are removed (after a grace
 * period, as an upload may be between its write and its commit), files half-written are removed,
 * and rows whose file is gone are reported (nothing can bring a photo back). Spans the documents
 * feature and the storage driver, like `audit verify` spans the audit log.
 */
@Injectable()
export class StorageSweepService {
  private readonly logger = new Logger(StorageSweepService.name);

  constructor(
    private readonly repo: StorageSweepRepository,
    private readonly documents: DocumentsService,
    @Inject(STORAGE) private readonly storage: Storage,
  ) {}

  async sweep(opts: {
    dryRun: boolean;
    graceMinutes: number;
    now?: Date;
  }): Promise<StorageCheckReport> {
    const now = opts.now ?? new Date();
    const orphans = await this.documents.sweepOrphans({ ...opts, now });
    const partialWrites = await this.storage.sweepPartialWrites({
      olderThan: new Date(now.getTime() - opts.graceMinutes * 60_000),
      dryRun: opts.dryRun,
    });
    const missing: DocumentFileRow[] = [];
    let rowsChecked = 0;
    let after: { tenantId: string; documentId: string } | null = null;
    for (;;) {
      const rows = await this.repo.page(after, 500);
      if (rows.length === 0) break;
      const present = await Promise.all(rows.map((r) => this.storage.exists(r.storageKey)));
      rows.forEach((r, i) => {
        if (!present[i]) missing.push(r);
      });
      rowsChecked += rows.length;
      const last = rows[rows.length - 1] as DocumentFileRow;
      after = { tenantId: last.tenantId, documentId: last.documentId };
    }
    for (const m of missing)
      this.logger.error(
        `document ${m.documentId} (${m.kind}) of case ${m.caseId}, tenant ${m.tenantId}: stored file ${m.storageKey} is missing`,
      );
    if (partialWrites.length > 0 && !opts.dryRun)
      this.logger.log(`sweep removed ${partialWrites.length} partly written files`);
    return { dryRun: opts.dryRun, orphans, partialWrites, rowsChecked, missing };
  }
}
