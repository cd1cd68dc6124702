import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** 'wechat': an official-account template message of a reminder campaign. */
export type NoticeChannel = 'sms' | 'call' | 'letter' | 'wechat';

export interface NewNotice {
  channel: NoticeChannel;
  phone: string;
  sender: string | null;
  code: string;
  campaign: string;
  sentAt: string;
}

export interface NoticeRow {
  channel: NoticeChannel;
  sent_at: Date;
}

@Injectable()
export class NoticesRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** Inserts a batch; answers the codes that were already taken (the caller draws new ones). */
  async insertBatch(m: EntityManager, tenantId: string, rows: NewNotice[]): Promise<Set<string>> {
    const inserted = await m.query<Array<{ code: string }>>(
      `INSERT INTO notice (tenant_id, id, channel, phone, sender, code, campaign, sent_at)
       SELECT $1, gen_random_uuid(), c::notice_channel, p, s, k, g, t::timestamptz
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(c, p, s, k, g, t)
       ON CONFLICT (tenant_id, code) DO NOTHING
       RETURNING code`,
      [
        tenantId,
        rows.map((r) => r.channel),
        rows.map((r) => r.phone),
        rows.map((r) => r.sender),
        rows.map((r) => r.code),
        rows.map((r) => r.campaign),
        rows.map((r) => r.sentAt),
      ],
    );
    const ok = new Set(inserted.map((r) => r.code));
    return new Set(rows.map((r) => r.code).filter((c) => !ok.has(c)));
  }

  async byCode(tenantId: string, code: string): Promise<NoticeRow | undefined> {
    const rows = await this.dataSource.query<NoticeRow[]>(
      `SELECT channel, sent_at FROM notice WHERE tenant_id = $1 AND code = $2`,
      [tenantId, code],
    );
    return rows[0];
  }

  /** The latest notice sent from this number (a call or an SMS sender). */
  async bySender(tenantId: string, sender: string): Promise<NoticeRow | undefined> {
    const rows = await this.dataSource.query<NoticeRow[]>(
      `SELECT channel, sent_at FROM notice WHERE tenant_id = $1 AND sender = $2 ORDER BY sent_at DESC LIMIT 1`,
      [tenantId, sender],
    );
    return rows[0];
  }

  /**
   * Records one check by this client and answers how many it made in the window (this one
   * included). Old rows are pruned now and then by whoever passes.
   */
  async recordCheck(keyHash: string, windowSeconds: number): Promise<number> {
    if (Math.random() < 0.01)
      await this.dataSource.query(`DELETE FROM notice_check WHERE at < now() - interval '1 day'`);
    const rows = await this.dataSource.query<Array<{ n: string }>>(
      `WITH ins AS (INSERT INTO notice_check (key_hash) VALUES ($1))
       SELECT count(*) + 1 AS n FROM notice_check WHERE key_hash = $1 AND at > now() - make_interval(secs => $2)`,
      [keyHash, windowSeconds],
    );
    return Number(rows[0]?.n ?? 1);
  }
}
