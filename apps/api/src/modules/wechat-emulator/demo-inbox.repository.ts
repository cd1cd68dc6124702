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

  private queue: Array<{
    row: [string, string | null, string | null, Record<string, unknown>];
    done: (e?: Error) => void;
  }> = [];
  private writing: Promise<void> | undefined;

  /**
   * Records one message; resolves once its row is committed. Calls that arrive while a write is
   * in flight are written together in the next statement, so a campaign's thousands of demo
   * SMS cost a few hundred commits, not one each (same answer to every caller, in order).
   */
  insert(
    channel: string,
    tenantCode: string | null,
    recipient: string | null,
    body: Record<string, unknown>,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        row: [channel, tenantCode, recipient, body],
        done: (e) => (e === undefined ? resolve() : reject(e)),
      });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, 500);
        try {
          // Demo records need no flush to disk before the answer.
          await this.dataSource.transaction(async (m) => {
            await m.query(`SET LOCAL synchronous_commit = off`);
            await m.query(
              `INSERT INTO demo_inbox (channel, tenant_code, recipient, body)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
              [
                batch.map((b) => b.row[0]),
                batch.map((b) => b.row[1]),
                batch.map((b) => b.row[2]),
                batch.map((b) => JSON.stringify(b.row[3])),
              ],
            );
          });
          for (const b of batch) b.done();
        } catch (e) {
          const err = e instanceof Error ? e : new Error('demo inbox write failed', { cause: e });
          for (const b of batch) b.done(err);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Newest first. */
  recent(channel: string, recipient: string, limit = 20): Promise<DemoInboxRow[]> {
    return this.dataSource.query(
      'SELECT id, channel, tenant_code, recipient, body, at FROM demo_inbox WHERE channel = $1 AND recipient = $2 ORDER BY id DESC LIMIT $3',
      [channel, recipient, limit],
    );
  }
}
