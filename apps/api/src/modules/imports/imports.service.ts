import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { Injectable, Logger } from '@nestjs/common';
import {
  chinaDate,
  checkSuspensionListHeader,
  maskPhone,
  parseSuspensionListRow,
  showHidden,
  spreadsheetSafeCell,
  type SuspensionListLayout,
} from '@shiming/domain';
import { AuditService } from '../../common/audit/audit.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { TenantRef, TenantRefRepository } from '../operations/tenant-ref.repository';
import { CsvFormatError, readCsv } from './csv-reader';
import { ImportError } from './imports.errors';
import { ImportsRepository, StageRow, toCopyLine } from './imports.repository';

export interface ImportProgress {
  bytes: number;
  rows: number;
}

export interface ImportOptions {
  /** The tenant by code (CLI) or id (console: the admin's own tenant). */
  tenant: { code: string } | { id: string };
  source: AsyncIterable<Buffer> | Iterable<Buffer>;
  actor: { type: 'cli' | 'agent'; id: string };
  /** Where to write the refused rows as CSV (written only when the import commits). */
  reportPath?: string;
  onProgress?: (p: ImportProgress) => void;
  /** How many refused rows to return in the result (the report file has all). Default 100. */
  sampleSize?: number;
}

export interface RejectedRow {
  line: number;
  number: string;
  reason: string;
}

export interface ImportResult {
  tenant: string;
  read: number;
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  stateChanges: number;
  bytes: number;
  rejectedSample: RejectedRow[];
  reportPath: string | null;
  /** Milliseconds per phase: read + check + COPY, set-based checks, merge, report. */
  phases: { copy: number; checks: number; merge: number; report: number };
}

const REPORT_HEADER = 'line,number,line_type,unregistered_kind,state,reason';
const RAW_MAX = 200;

/**
 * Imports a carrier's suspension list: rows checked by the domain while streaming into a
 * staging table, set-based checks and one merge in the database, all in one transaction.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly repo: ImportsRepository,
    private readonly tenants: TenantRefRepository,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
  ) {}

  async importCsv(opts: ImportOptions): Promise<ImportResult> {
    const tenant =
      'code' in opts.tenant
        ? await this.tenants.findByCode(opts.tenant.code)
        : await this.tenants.findById(opts.tenant.id);
    if (!tenant) {
      const code = 'code' in opts.tenant ? opts.tenant.code : opts.tenant.id;
      throw new ImportError('TENANT_NOT_FOUND', `没有代码为“${code}”的运营商（租户）。`);
    }
    const progress: ImportProgress = { bytes: 0, rows: 0 };
    const qr = await this.repo.begin();
    let tmpReport: string | undefined;
    try {
      let t = performance.now();
      const lap = (): number => {
        const now = performance.now();
        const ms = Math.round(now - t);
        t = now;
        return ms;
      };
      await this.repo.lockTenant(qr, tenant.id);
      const stage = await this.repo.createStage(qr);
      await this.repo.copyIntoStage(qr, stage, this.stageLines(tenant, opts, progress));
      const copyMs = lap();
      await this.repo.rejectDuplicatesAndHeld(qr, stage, tenant.id);
      const checksMs = lap();
      const actor = `${opts.actor.type}:${opts.actor.id}`;
      const merged = await this.repo.merge(qr, stage, {
        tenantId: tenant.id,
        tenantRegionCode: tenant.regionCode,
        today: chinaDate(new Date()),
        actor,
      });
      const mergeMs = lap();
      const { read, rejected } = await this.repo.stageCounts(qr, stage);
      if (opts.reportPath)
        tmpReport = `${opts.reportPath}.partial-${randomBytes(4).toString('hex')}`;
      const rejectedSample = await this.writeRejected(qr, stage, tmpReport, opts.sampleSize ?? 100);
      const phases = { copy: copyMs, checks: checksMs, merge: mergeMs, report: lap() };
      await this.repo.dropStage(qr, stage);
      const accepted = read - rejected;
      const result: ImportResult = {
        tenant: tenant.code,
        read,
        accepted,
        inserted: merged.inserted,
        updated: merged.updated,
        unchanged: accepted - merged.inserted - merged.updated,
        rejected,
        stateChanges: merged.stateChanges,
        bytes: progress.bytes,
        rejectedSample,
        reportPath: opts.reportPath ?? null,
        phases,
      };
      const {
        rejectedSample: _sample,
        reportPath: _path,
        tenant: _tenant,
        phases: _phases,
        ...counts
      } = result;
      await this.audit.append(qr.manager, {
        tenantId: tenant.id,
        actorType: opts.actor.type,
        actorId: opts.actor.id,
        action: 'numbers.import',
        targetType: 'tenant',
        targetId: tenant.id,
        detail: counts,
      });
      await qr.commitTransaction();
      if (tmpReport && opts.reportPath) await rename(tmpReport, opts.reportPath);
      this.logger.log(`import for ${tenant.code}: ${JSON.stringify(counts)}`);
      return result;
    } catch (err) {
      await qr.rollbackTransaction().catch(() => undefined);
      if (tmpReport) await rm(tmpReport, { force: true });
      if (err instanceof CsvFormatError) throw new ImportError('BAD_FILE', err.message);
      throw err;
    } finally {
      await qr.release();
    }
  }

  /** The CSV, checked row by row with the domain rules, as COPY text for the staging table. */
  private async *stageLines(
    tenant: TenantRef,
    opts: ImportOptions,
    progress: ImportProgress,
  ): AsyncGenerator<string> {
    const counted = (async function* () {
      for await (const chunk of opts.source) {
        progress.bytes += chunk.length;
        yield chunk;
      }
    })();
    let layout: SuspensionListLayout | undefined;
    let width = 0;
    for await (const batch of readCsv(counted)) {
      let text = '';
      for (const rec of batch) {
        if (!layout) {
          const header = checkSuspensionListHeader(rec.fields);
          if (!header.ok) throw new ImportError('BAD_HEADER', header.message);
          layout = header.value;
          width = rec.fields.length;
          continue;
        }
        text += toCopyLine(this.checkRow(tenant, rec.line, rec.fields, layout, width));
      }
      progress.rows += batch.length;
      opts.onProgress?.(progress);
      if (text) yield text;
    }
    if (!layout)
      throw new ImportError(
        'EMPTY_FILE',
        '文件是空的：第一行应是表头 number,line_type,unregistered_kind,state。',
      );
  }

  private checkRow(
    tenant: TenantRef,
    line: number,
    f: string[],
    layout: SuspensionListLayout,
    width: number,
  ): StageRow {
    const raw = (i: number | undefined): string =>
      i === undefined ? '' : (f[i] ?? '').slice(0, RAW_MAX);
    // A refused row's cells go to the report as the person must see them: hidden characters
    // written out, so a number with a zero-width space in it shows why it was refused.
    const seen = (i: number): string => showHidden(f[i] ?? '', RAW_MAX);
    const refuse = (reason: string): StageRow => ({
      line,
      phone: seen(0),
      lineType: seen(1),
      kind: seen(2),
      state: seen(3),
      registered: null,
      regionCode: null,
      stoppedOn: null,
      ownerEnc: null,
      ownerHash: null,
      reject: reason,
    });
    if (f.length !== width)
      return refuse(
        `列数不对：表头有 ${width} 列，这一行有 ${f.length} 列（姓名等含逗号的内容要用英文双引号括起来）。`,
      );
    const parsed = parseSuspensionListRow(
      {
        number: f[0] ?? '',
        lineType: f[1] ?? '',
        unregisteredKind: f[2] ?? '',
        state: f[3] ?? '',
        ownerName: raw(layout.owner_name),
        regionCode: raw(layout.region_code),
        stoppedOn: raw(layout.stopped_on),
      },
      tenant.carrier,
    );
    if (!parsed.ok) return refuse(parsed.message);
    const r = parsed.value;
    const owner = r.ownerName;
    return {
      line,
      phone: r.phone,
      lineType: r.lineType,
      kind: r.unregisteredKind,
      state: r.state,
      registered: r.registered,
      regionCode: r.regionCode,
      stoppedOn: r.stoppedOn,
      ownerEnc:
        owner === null
          ? null
          : this.crypto.encryptText(tenant.id, owner, `phone_number:${r.phone}:owner_name_on_file`),
      ownerHash:
        owner === null ? null : this.crypto.keyedHash(tenant.id, `owner_name_on_file:${owner}`),
      reject: null,
    };
  }

  /** Streams refused rows to the report file (if any) and keeps the first few for the answer. */
  private async writeRejected(
    qr: Parameters<ImportsRepository['rejectedCsv']>[0],
    stage: string,
    path: string | undefined,
    sampleSize: number,
  ): Promise<RejectedRow[]> {
    const sample: RejectedRow[] = [];
    const out = path ? createWriteStream(path, { mode: 0o600 }) : undefined;
    const write = async (s: string): Promise<void> => {
      if (out && !out.write(s)) await once(out, 'drain');
    };
    try {
      await write(`${REPORT_HEADER}\n`);
      for await (const batch of readCsv(await this.repo.rejectedCsv(qr, stage))) {
        for (const { fields } of batch) {
          const [line = '', number = '', , , , reason = ''] = fields;
          if (sample.length < sampleSize) sample.push({ line: Number(line), number, reason });
          await write(`${fields.map(spreadsheetSafeCell).join(',')}\n`);
        }
      }
    } finally {
      if (out) {
        out.end();
        await once(out, 'close');
      }
    }
    return sample;
  }

  /** For logs: never a full number. */
  static describe(r: RejectedRow): string {
    return `line ${r.line} (${maskPhone(r.number)}): ${r.reason}`;
  }
}
