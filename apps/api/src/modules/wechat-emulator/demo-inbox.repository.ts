import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface DemoInboxRow {
  id: string;
  channel: string;
  tenant_code: string | null;
  recipient: string | null;
  body: Record<string, unknown>;
  at: Date;
}

/** What the demo doubles of external systems received (demo/test mode only). */
@Injectable()
export class DemoInboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    channel: string,
    tenantCode: string | null,
    recipient: string | null,
    body: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO demo_inbox (channel, tenant_code, recipient, body) VALUES ($1, $2, $3, $4)',
      [channel, tenantCode, recipient, body],
    );
  }

  /** Newest first. */
  recent(channel: string, recipient: string, limit = 20): Promise<DemoInboxRow[]> {
    return this.dataSource.query(
      'SELECT id, channel, tenant_code, recipient, body, at FROM demo_inbox WHERE channel = $1 AND recipient = $2 ORDER BY id DESC LIMIT $3',
      [channel, recipient, limit],
    );
  }
}
