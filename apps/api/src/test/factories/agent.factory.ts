import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AgentRole } from '../../common/auth/token.service';
import { hashPassword } from '../../modules/agents/password';

export interface SeededAgent {
  id: string;
  tenantId: string;
  username: string;
  password: string;
  role: AgentRole;
  tokenVersion: number;
}

export interface AgentOverrides {
  username?: string;
  password?: string;
  displayName?: string;
  disabled?: boolean;
}

export const DEFAULT_AGENT_PASSWORD = 'shiming-test-password';
let defaultHash: Promise<string> | undefined;

/** An agent with an argon2id password (default DEFAULT_AGENT_PASSWORD; its hash is computed once). */
export async function seedAgent(
  ds: DataSource,
  tenantId: string,
  role: AgentRole = 'agent',
  overrides: AgentOverrides = {},
): Promise<SeededAgent> {
  const password = overrides.password ?? DEFAULT_AGENT_PASSWORD;
  const passwordHash = overrides.password
    ? await hashPassword(password)
    : await (defaultHash ??= hashPassword(DEFAULT_AGENT_PASSWORD));
  const a: SeededAgent = {
    id: randomUUID(),
    tenantId,
    username: overrides.username ?? `${role}-${randomBytes(4).toString('hex')}`,
    password,
    role,
    tokenVersion: 0,
  };
  await ds.query(
    `INSERT INTO agent (tenant_id, id, username, display_name, role, password_hash, disabled)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      tenantId,
      a.id,
      a.username,
      overrides.displayName ?? `测试${role}`,
      role,
      passwordHash,
      overrides.disabled ?? false,
    ],
  );
  return a;
}
