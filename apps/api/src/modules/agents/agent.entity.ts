import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { AgentRole } from '../../common/auth/token.service';

export const AGENT_ROLES = ['agent', 'supervisor', 'carrier_admin', 'platform_admin'] as const;

/** A console user of one tenant. token_version is in every token: bumping it ends all sessions. */
@Entity('agent')
export class AgentEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  username: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column({ type: 'enum', enum: AGENT_ROLES, enumName: 'agent_role' })
  role: AgentRole;

  /** argon2id PHC string; never leaves the repository layer's callers in a response. */
  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('boolean')
  disabled: boolean;

  @Column('integer', { name: 'token_version' })
  tokenVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
