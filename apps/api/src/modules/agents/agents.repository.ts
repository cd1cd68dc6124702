import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgentEntity } from './agent.entity';

export type AgentRow = AgentEntity;
export type AgentChange = Partial<
  Pick<AgentEntity, 'role' | 'displayName' | 'disabled' | 'passwordHash'>
>;

@Injectable()
export class AgentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(m?: EntityManager) {
    return (m ?? this.dataSource.manager).getRepository(AgentEntity);
  }

  findByUsername(username: string): Promise<AgentRow | null> {
    return this.repo().findOneBy({ username });
  }

  findById(tenantId: string, id: string): Promise<AgentRow | null> {
    return this.repo().findOneBy({ tenantId, id });
  }

  lockById(m: EntityManager, tenantId: string, id: string): Promise<AgentRow | null> {
    return this.repo(m)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.tenant_id = :tenantId AND a.id = :id', { tenantId, id })
      .getOne();
  }

  list(tenantId: string): Promise<AgentRow[]> {
    return this.repo().find({ where: { tenantId }, order: { createdAt: 'ASC', username: 'ASC' } });
  }

  async usernameExists(m: EntityManager, username: string): Promise<boolean> {
    return (await this.repo(m).countBy({ username })) > 0;
  }

  async insert(
    row: Omit<AgentRow, 'createdAt' | 'tokenVersion' | 'disabled'> & { disabled?: boolean },
    m?: EntityManager,
  ): Promise<void> {
    await this.repo(m).insert({ disabled: false, tokenVersion: 0, ...row });
  }

  /** Applies the change; when it touches access (role, disabled, password), old tokens die. */
  async update(
    m: EntityManager,
    tenantId: string,
    id: string,
    change: AgentChange,
    endSessions: boolean,
  ): Promise<void> {
    const set = endSessions ? { ...change, tokenVersion: () => 'token_version + 1' } : change;
    if (Object.keys(set).length === 0) return;
    await this.repo(m)
      .createQueryBuilder()
      .update(AgentEntity)
      .set(set)
      .where('tenant_id = :tenantId AND id = :id', { tenantId, id })
      .execute();
  }

  async bumpTokenVersion(m: EntityManager, tenantId: string, id: string): Promise<void> {
    await m.query(
      'UPDATE agent SET token_version = token_version + 1 WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
  }
}
