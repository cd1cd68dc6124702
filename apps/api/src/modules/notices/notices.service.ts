import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  generateNoticeCode,
  looksLikeFormula,
  normalizeNoticeCode,
  parsePhoneNumber,
} from '@shiming/domain';
import { PLATFORM_TENANT } from '../../common/audit/audit.service';
import { AuditService } from '../../common/audit/audit.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { CsvFormatError, readCsv } from '../imports/csv-reader';
import { TenantRef, TenantRefRepository } from '../operations/tenant-ref.repository';
import { NoticeError } from './notices.errors';
import { NewNotice, NoticeChannel, NoticesRepository, NoticeRow } from './notices.repository';

export interface NoticeVerification {
  genuine: boolean;
  hotline: string;
  channel?: NoticeChannel;
  sentAt?: string;
  advice: string;
}

/** Checks per client address per minute: enough for a person, useless for guessing codes. */
export const VERIFY_LIMIT = { checks: 10, windowSeconds: 60 };
const CHANNELS: ReadonlySet<string> = new Set(['sms', 'call', 'letter']);
const BATCH = 2000;
const NOTICE_HEADER = ['phone', 'channel', 'sent_at', 'campaign'];

export interface NoticeImportResult {
  read: number;
  inserted: number;
  rejected: Array<{ line: number; reason: string }>;
  /** Row by row, the code assigned (given in the file or drawn): for printing on the notices. */
  codes: Array<{ line: number; phone: string; code: string }>;
}

const digits = (s: string): string => s.replace(/\D/g, '');

/**
 * Notices the carrier sends (SMS, call, letter), each with a short code, and the public
 * "is this notice real?" check. A wrong or unknown code is answered "not ours" with the
 * hotline and plain advice about scams; checks are rate-limited per client address.
 */
@Injectable()
export class NoticesService {
  constructor(
    private readonly repo: NoticesRepository,
    private readonly tenants: TenantRefRepository,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
  ) {}

  private async tenant(code: string): Promise<TenantRef> {
    const t = await this.tenants.findByCode(code);
    if (!t)
      throw new NoticeError('TENANT_NOT_FOUND', '找不到这个运营商，请从运营商的官方公众号进入');
    return t;
  }

  async verify(
    q: { tenant: string; code?: string; phone?: string },
    clientAddress: string,
  ): Promise<NoticeVerification> {
    if (!q.code && !q.phone)
      throw new NoticeError('QUERY_REQUIRED', '请输入通知上的验证码，或来电/来信的号码');
    const tenant = await this.tenant(q.tenant);
    const key = this.crypto
      .keyedHash(PLATFORM_TENANT, `notice-check:${clientAddress}`)
      .toString('hex');
    if ((await this.repo.recordCheck(key, VERIFY_LIMIT.windowSeconds)) > VERIFY_LIMIT.checks) {
      throw new NoticeError('RATE_LIMITED', '查询太频繁，请一分钟后再试', {
        retryAfterSeconds: VERIFY_LIMIT.windowSeconds,
      });
    }
    const notOurs = (why: string): NoticeVerification => ({
      genuine: false,
      hotline: tenant.hotline,
      advice:
        `${why}这条通知可能不是${tenant.displayName}发出的。请不要点击其中的链接，不要转账汇款，不要告诉任何人身份证号码、验证码或密码。` +
        `如有疑问，请拨打官方客服热线${tenant.hotline}核实。`,
    });
    const genuine = (n: NoticeRow): NoticeVerification => ({
      genuine: true,
      hotline: tenant.hotline,
      channel: n.channel,
      sentAt: n.sent_at.toISOString(),
      advice:
        `这是${tenant.displayName}发出的真实通知。请在微信公众号“${tenant.officialAccountName}”进入“实名认证”或到营业厅办理实名登记。` +
        `工作人员不会要求您转账，也不会索要短信验证码或密码。`,
    });
    if (q.code) {
      const code = normalizeNoticeCode(q.code);
      if (!code.ok) return notOurs(`${code.message}`);
      const n = await this.repo.byCode(tenant.id, code.value);
      return n ? genuine(n) : notOurs('没有找到这个验证码。');
    }
    const caller = digits(q.phone ?? '');
    if (caller !== '' && caller === digits(tenant.hotline)) {
      return {
        genuine: true,
        hotline: tenant.hotline,
        advice: `${tenant.hotline}是${tenant.displayName}的官方客服热线。工作人员不会要求您转账，也不会索要验证码或密码。`,
      };
    }
    const parsed = parsePhoneNumber(q.phone ?? '');
    const sender = parsed.ok ? parsed.value.value : caller;
    const n = sender ? await this.repo.bySender(tenant.id, sender) : undefined;
    return n ? genuine(n) : notOurs('这个号码不是我们发出通知所用的号码。');
  }

  /**
   * Records a campaign from CSV: phone,channel,sent_at,campaign[,sender][,code]. A missing code
   * is drawn at random (alphabet without look-alikes). All rows or none: a bad row is reported
   * and nothing is written, so codes are never half-issued.
   */
  async importCsv(opts: {
    tenant: string;
    source: AsyncIterable<Buffer> | Iterable<Buffer>;
    actor: { type: 'cli' | 'agent'; id: string };
  }): Promise<NoticeImportResult> {
    const tenant = await this.tenant(opts.tenant);
    const rows: Array<NewNotice & { line: number; given: boolean }> = [];
    const rejected: NoticeImportResult['rejected'] = [];
    let cols: Record<string, number> | undefined;
    try {
      for await (const batch of readCsv(opts.source)) {
        for (const rec of batch) {
          if (!cols) {
            const names = rec.fields.map((f) => f.trim().toLowerCase());
            if (
              names.slice(0, 4).join(',') !== NOTICE_HEADER.join(',') ||
              names.slice(4).some((n) => n !== 'sender' && n !== 'code')
            ) {
              throw new NoticeError(
                'BAD_HEADER',
                `表头应为 ${NOTICE_HEADER.join(',')}，之后可选 sender、code。`,
              );
            }
            cols = Object.fromEntries(names.map((n, i) => [n, i]));
            continue;
          }
          const row = this.checkRow(rec.fields, cols);
          if (typeof row === 'string') rejected.push({ line: rec.line, reason: row });
          else rows.push({ ...row, line: rec.line });
        }
      }
    } catch (e) {
      if (e instanceof CsvFormatError) throw new NoticeError('BAD_FILE', e.message);
      throw e;
    }
    if (!cols) throw new NoticeError('BAD_FILE', '文件是空的。');
    if (rejected.length > 0)
      return { read: rows.length + rejected.length, inserted: 0, rejected, codes: [] };
    await this.repo.transaction(async (m) => {
      for (let i = 0; i < rows.length; i += BATCH) {
        let batch = rows.slice(i, i + BATCH);
        for (let attempt = 0; batch.length > 0; attempt++) {
          const taken = await this.repo.insertBatch(m, tenant.id, batch);
          const given = batch.filter((r) => taken.has(r.code) && r.given);
          if (given.length > 0)
            throw new NoticeError(
              'BAD_FILE',
              `第 ${given[0]?.line} 行的验证码已被使用过，请换一个或留空让系统生成。`,
            );
          batch = batch.filter((r) => taken.has(r.code));
          for (const r of batch) r.code = generateNoticeCode(randomInt);
          if (attempt > 5) throw new Error('could not draw unused notice codes');
        }
      }
      await this.audit.append(m, {
        tenantId: tenant.id,
        actorType: opts.actor.type,
        actorId: opts.actor.id,
        action: 'notices.import',
        targetType: 'tenant',
        targetId: tenant.id,
        detail: {
          inserted: rows.length,
          campaigns: [...new Set(rows.map((r) => r.campaign))].slice(0, 20),
        },
      });
    });
    return {
      read: rows.length,
      inserted: rows.length,
      rejected: [],
      codes: rows.map((r) => ({ line: r.line, phone: r.phone, code: r.code })),
    };
  }

  /**
   * Records notices a reminder campaign is about to send, in the caller's transaction, and
   * answers each one's code (drawn here, redrawn on a collision) in the order given: the code
   * goes into the message, so "is this notice real?" answers genuine for it.
   */
  async recordIssued(
    m: EntityManager,
    tenantId: string,
    rows: Array<Omit<NewNotice, 'code'>>,
  ): Promise<string[]> {
    const drawn = new Set<string>();
    const draw = (): string => {
      // Unique within the batch too: one INSERT … ON CONFLICT cannot tell two equal codes apart.
      let code = generateNoticeCode(randomInt);
      while (drawn.has(code)) code = generateNoticeCode(randomInt);
      drawn.add(code);
      return code;
    };
    const issued = rows.map((r) => ({ ...r, code: draw() }));
    let pending = issued;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 5) throw new Error('could not draw unused notice codes');
      const taken = await this.repo.insertBatch(m, tenantId, pending);
      pending = pending.filter((r) => taken.has(r.code));
      for (const r of pending) r.code = draw();
    }
    return issued.map((r) => r.code);
  }

  private checkRow(
    f: string[],
    cols: Record<string, number>,
  ): (NewNotice & { given: boolean }) | string {
    const cell = (name: string): string =>
      cols[name] === undefined ? '' : (f[cols[name]] ?? '').trim();
    if (f.length !== Object.keys(cols).length)
      return `列数不对：应为 ${Object.keys(cols).length} 列。`;
    if (f.some((v) => looksLikeFormula(v.trim()) && !/^\+\d/.test(v.trim())))
      return '单元格内容像电子表格公式，为安全起见未导入。';
    const phone = parsePhoneNumber(cell('phone'));
    if (!phone.ok) return phone.message;
    const channel = cell('channel').toLowerCase();
    if (!CHANNELS.has(channel)) return 'channel 必须是 sms、call 或 letter。';
    const sentAt = cell('sent_at');
    if (
      !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(sentAt) ||
      Number.isNaN(Date.parse(sentAt))
    ) {
      return 'sent_at 必须是日期或时间，如 2016-10-20 或 2016-10-20T09:30:00+08:00。';
    }
    const campaign = cell('campaign');
    if (campaign === '' || campaign.length > 100)
      return 'campaign（活动名称）不能为空，最多 100 个字。';
    const senderText = cell('sender');
    const sender = senderText === '' ? null : digits(senderText);
    if (sender !== null && (sender.length < 3 || sender.length > 20))
      return 'sender 应是发出通知的号码（3 到 20 位数字）。';
    const codeText = cell('code');
    let code: string;
    if (codeText === '') code = generateNoticeCode(randomInt);
    else {
      const c = normalizeNoticeCode(codeText);
      if (!c.ok) return c.message;
      code = c.value;
    }
    // A bare date is a day in China.
    const at = /^\d{4}-\d{2}-\d{2}$/.test(sentAt) ? `${sentAt}T00:00:00+08:00` : sentAt;
    return {
      channel: channel as NoticeChannel,
      phone: phone.value.value,
      sender,
      code,
      campaign,
      sentAt: at,
      given: codeText !== '',
    };
  }
}
