import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AgentSessionRepository } from './agent-session.repository';
import { AuthError } from './auth.errors';
import { AgentPrincipal, AgentRole, SubscriberPrincipal, TokenService } from './token.service';

type AuthedRequest = Request & { subscriber?: SubscriberPrincipal; agent?: AgentPrincipal };

function bearer(req: Request): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

const NEEDS_NUMBER = 'shiming:needs-number';
const ROLES = 'shiming:roles';

/** On a subscriber route: the session must have proven a phone number. */
export const RequireProvenNumber = (): MethodDecorator & ClassDecorator =>
  SetMetadata(NEEDS_NUMBER, true);
/** On an agent route: the lowest role allowed (roles are ordered agent < supervisor < carrier_admin). */
export const RequireRole = (role: AgentRole): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES, role);

const RANK: Record<AgentRole, number> = {
  agent: 0,
  supervisor: 1,
  carrier_admin: 2,
  platform_admin: 3,
};
export const roleAtLeast = (role: AgentRole, min: AgentRole): boolean => RANK[role] >= RANK[min];

@Injectable()
export class SubscriberGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearer(req);
    if (!token) throw new AuthError('UNAUTHENTICATED', '请先登录');
    const p = this.tokens.verify(token);
    if (!p || p.typ !== 'sub') throw new AuthError('SESSION_EXPIRED', '登录已过期，请重新进入');
    const needsNumber = this.reflector.getAllAndOverride<boolean>(NEEDS_NUMBER, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (needsNumber && (!p.phone || !p.numberId))
      throw new AuthError('NUMBER_NOT_PROVEN', '请先验证您的手机号码');
    req.subscriber = p;
    return true;
  }
}

@Injectable()
export class AgentGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
    private readonly sessions: AgentSessionRepository,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearer(req);
    if (!token) throw new AuthError('UNAUTHENTICATED', '请先登录');
    const p = this.tokens.verify(token);
    if (!p || p.typ !== 'agent') throw new AuthError('SESSION_EXPIRED', '登录已过期，请重新登录');
    const version = await this.sessions.activeTokenVersion(p.tenantId, p.agentId);
    if (version === undefined || version !== p.tokenVersion) {
      throw new AuthError('SESSION_EXPIRED', '会话已结束（已退出登录或账号已停用），请重新登录');
    }
    const min = this.reflector.getAllAndOverride<AgentRole | undefined>(ROLES, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (min && !roleAtLeast(p.role, min))
      throw new AuthError('ROLE_REQUIRED', `此操作需要 ${min} 及以上角色`);
    req.agent = p;
    return true;
  }
}

export const CurrentSubscriber = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): SubscriberPrincipal => {
    const s = ctx.switchToHttp().getRequest<AuthedRequest>().subscriber;
    if (!s) throw new AuthError('UNAUTHENTICATED', '请先登录');
    return s;
  },
);

export const CurrentAgent = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AgentPrincipal => {
    const a = ctx.switchToHttp().getRequest<AuthedRequest>().agent;
    if (!a) throw new AuthError('UNAUTHENTICATED', '请先登录');
    return a;
  },
);
