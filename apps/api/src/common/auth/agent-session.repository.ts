import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class AgentSessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The agent's current token version, or undefined when the agent is gone or disabled. */
  async activeTokenVersion(tenantId: string, agentId: string): Promise<number | undefined> {
    const rows: Array<{ token_version: number }> = await this.dataSource.query(
      'SELECT token_version FROM agent WHERE tenant_id = $1 AND id = $2 AND NOT disabled',
      [tenantId, agentId],
    );
    return rows[0]?.token_version;
  }
}
