import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Console login attempts per keyed hash of (username, client address): shared by every replica. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Failures inside the window since the last success, and the age in seconds of the oldest. */
  async recentFailures(
    keyHash: string,
    windowSeconds: number,
  ): Promise<{ count: number; oldestAgeSeconds: number }> {
    const rows: Array<{ count: string; oldest: number | null }> = await this.dataSource.query(
      `SELECT count(*) AS count, EXTRACT(EPOCH FROM now() - min(at))::float8 AS oldest
         FROM login_attempt
        WHERE key_hash = $1 AND NOT succeeded AND at > now() - make_interval(secs => $2)
          AND at > COALESCE((SELECT max(at) FROM login_attempt WHERE key_hash = $1 AND succeeded), '-infinity')`,
      [keyHash, windowSeconds],
    );
    return { count: Number(rows[0]?.count ?? 0), oldestAgeSeconds: rows[0]?.oldest ?? 0 };
  }

  /** Records an attempt; keeps the table small by dropping what no window looks at any more. */
  async record(keyHash: string, succeeded: boolean): Promise<void> {
    await this.dataSource.query('INSERT INTO login_attempt (key_hash, succeeded) VALUES ($1, $2)', [
      keyHash,
      succeeded,
    ]);
    if (Math.random() < 0.01)
      await this.dataSource.query(`DELETE FROM login_attempt WHERE at < now() - interval '1 day'`);
  }
}
