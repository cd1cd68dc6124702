import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, PLATFORM_TENANT } from '../../common/audit/audit.service';
import { roleAtLeast } from '../../common/auth/guards';
import { AgentPrincipal, AgentRole, TokenService } from '../../common/auth/token.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { TenantsService } from '../tenants/tenants.service';
import { AgentError } from './agents.errors';
import { AgentChange, AgentRow, AgentsRepository } from './agents.repository';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { hashPassword, verifyPassword } from './password';

/** A working shift. */
export const AGENT_SESSION_TTL_SECONDS = 8 * 60 * 60;
export const LOGIN_LIMIT = { failures: 5, windowSeconds: 15 * 60 } as const;

/** GET /api/console/me and the login answer. */
export interface AgentView {
  id: string;
  username: string;
  displayName: string;
  role: AgentRole;
  tenant: { code: string; displayName: string };
}

/** One row of the carrier admin's agent list. */
export interface ManagedAgent {
  id: string;
  username: string;
  displayName: string;
  role: AgentRole;
  disabled: boolean;
  createdAt: string;
}

export interface NewAgentInput {
  username: string;
  displayName: string;
  role: AgentRole;
  password: string;
}

export interface AgentUpdateInput {
  role?: AgentRole;
  displayName?: string;
  disabled?: boolean;
  password?: string;
}

const BAD_CREDENTIALS = '用户名或密码不正确';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AgentsService {
  /** Verified against for unknown usernames, so they take as long as known ones. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly repo: AgentsRepository,
    private readonly attempts: LoginAttemptsRepository,
    private readonly tenants: TenantsService,
    private readonly tokens: TokenService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async login(
    username: string,
    password: string,
    clientAddress: string,
  ): Promise<{ token: string; expiresAt: string; agent: AgentView }> {
    const key = this.crypto
      .keyedHash(PLATFORM_TENANT, `login:${username.toLowerCase()}:${clientAddress}`)
      .toString('hex');
    const recent = await this.attempts.recentFailures(key, LOGIN_LIMIT.windowSeconds);
    if (recent.count >= LOGIN_LIMIT.failures) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil(LOGIN_LIMIT.windowSeconds - recent.oldestAgeSeconds),
      );
      throw new AgentError(
        'RATE_LIMITED',
        `登录失败次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
        { retryAfterSeconds },
      );
    }
    const agent = await this.repo.findByUsername(username);
    const passwordOk = await verifyPassword(
      agent?.passwordHash ?? (await (this.dummyHash ??= hashPassword('no-such-agent-password'))),
      password,
    );
    if (!agent || !passwordOk || agent.disabled) {
      await this.attempts.record(key, false);
      await this.audit.record({
        tenantId: agent?.tenantId ?? null,
        actorType: 'agent',
        actorId: agent?.id ?? 'unknown',
        action: 'agent.login_failed',
        targetType: agent ? 'agent' : undefined,
        targetId: agent?.id,
        detail: {
          reason: !agent ? 'unknown_username' : agent.disabled ? 'disabled' : 'wrong_password',
        },
      });
      throw new AgentError('BAD_CREDENTIALS', BAD_CREDENTIALS);
    }
    await this.attempts.record(key, true);
    await this.audit.record({
      tenantId: agent.tenantId,
      actorType: 'agent',
      actorId: agent.id,
      action: 'agent.login',
      targetType: 'agent',
      targetId: agent.id,
    });
    const signed = this.tokens.sign(
      {
        typ: 'agent',
        tenantId: agent.tenantId,
        agentId: agent.id,
        role: agent.role,
        tokenVersion: agent.tokenVersion,
      },
      AGENT_SESSION_TTL_SECONDS,
    );
    return { ...signed, agent: await this.view(agent) };
  }

  /** Ends every session of the agent (token_version + 1). */
  async logout(p: AgentPrincipal): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.repo.bumpTokenVersion(m, p.tenantId, p.agentId);
      await this.audit.append(m, {
        tenantId: p.tenantId,
        actorType: 'agent',
        actorId: p.agentId,
        action: 'agent.logout',
        targetType: 'agent',
        targetId: p.agentId,
      });
    });
  }

  async me(p: AgentPrincipal): Promise<AgentView> {
    const agent = await this.repo.findById(p.tenantId, p.agentId);
    if (!agent) throw new AgentError('AGENT_NOT_FOUND', '找不到这个账号');
    return this.view(agent);
  }

  async list(admin: AgentPrincipal): Promise<ManagedAgent[]> {
    return (await this.repo.list(admin.tenantId)).map(managed);
  }

  async create(admin: AgentPrincipal, input: NewAgentInput): Promise<ManagedAgent> {
    this.assertAssignable(admin, input.role);
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    await this.dataSource.transaction(async (m) => {
      if (await this.repo.usernameExists(m, input.username))
        throw new AgentError('USERNAME_TAKEN', `用户名 ${input.username} 已被使用`);
      await this.repo.insert(
        {
          tenantId: admin.tenantId,
          id,
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          passwordHash,
        },
        m,
      );
      await this.audit.append(m, {
        tenantId: admin.tenantId,
        actorType: 'agent',
        actorId: admin.agentId,
        action: 'agent.create',
        targetType: 'agent',
        targetId: id,
        detail: {
          after: {
            username: input.username,
            displayName: input.displayName,
            role: input.role,
            disabled: false,
          },
        },
      });
    });
    return managed(await this.mustFind(admin.tenantId, id));
  }

  /** Role, name, disabled or password of an agent of the admin's own tenant (another tenant's id: 404). */
  async update(
    admin: AgentPrincipal,
    agentId: string,
    input: AgentUpdateInput,
  ): Promise<ManagedAgent> {
    if (!UUID.test(agentId)) throw notFound();
    if (input.role !== undefined) this.assertAssignable(admin, input.role);
    const passwordHash =
      input.password !== undefined ? await hashPassword(input.password) : undefined;
    await this.dataSource.transaction(async (m) => {
      const before = await this.repo.lockById(m, admin.tenantId, agentId);
      if (!before) throw notFound();
      if (!roleAtLeast(admin.role, before.role))
        throw new AgentError('ROLE_NOT_ASSIGNABLE', '不能修改比自己权限更高的账号');
      if (
        before.id === admin.agentId &&
        (input.disabled === true || (input.role !== undefined && input.role !== before.role))
      ) {
        throw new AgentError(
          'CANNOT_CHANGE_OWN_ACCESS',
          '不能停用自己的账号或修改自己的角色，请让另一位管理员操作',
        );
      }
      const change: AgentChange = {
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(passwordHash !== undefined ? { passwordHash } : {}),
      };
      const endSessions =
        (input.role !== undefined && input.role !== before.role) ||
        (input.disabled !== undefined && input.disabled !== before.disabled) ||
        passwordHash !== undefined;
      await this.repo.update(m, admin.tenantId, agentId, change, endSessions);
      await this.audit.append(m, {
        tenantId: admin.tenantId,
        actorType: 'agent',
        actorId: admin.agentId,
        action: 'agent.update',
        targetType: 'agent',
        targetId: agentId,
        detail: {
          before: { role: before.role, displayName: before.displayName, disabled: before.disabled },
          after: {
            role: input.role ?? before.role,
            displayName: input.displayName ?? before.displayName,
            disabled: input.disabled ?? before.disabled,
          },
          passwordChanged: passwordHash !== undefined,
          sessionsEnded: endSessions,
        },
      });
    });
    return managed(await this.mustFind(admin.tenantId, agentId));
  }

  /** For the demo seed and the CLI: an agent with an argon2id password. */
  async createForSeed(tenantId: string, input: NewAgentInput): Promise<void> {
    await this.repo.insert({
      tenantId,
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
  }

  /** A carrier admin hands out roles up to carrier_admin; only a platform admin makes platform admins. */
  private assertAssignable(admin: AgentPrincipal, role: AgentRole): void {
    const ceiling: AgentRole = admin.role === 'platform_admin' ? 'platform_admin' : 'carrier_admin';
    if (!roleAtLeast(ceiling, role))
      throw new AgentError('ROLE_NOT_ASSIGNABLE', `不能分配 ${role} 角色`);
  }

  private async mustFind(tenantId: string, id: string): Promise<AgentRow> {
    const a = await this.repo.findById(tenantId, id);
    if (!a) throw notFound();
    return a;
  }

  private async view(a: AgentRow): Promise<AgentView> {
    const tenant = await this.tenants.getById(a.tenantId);
    return {
      id: a.id,
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      tenant: { code: tenant.code, displayName: tenant.displayName },
    };
  }
}

function notFound(): InstanceType<typeof AgentError> {
  return new AgentError('AGENT_NOT_FOUND', '找不到这个账号');
}

function managed(a: AgentRow): ManagedAgent {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    disabled: a.disabled,
    createdAt: a.createdAt.toISOString(),
  };
}
