import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { AgentSessionRepository } from './auth/agent-session.repository';
import { AgentGuard, SubscriberGuard } from './auth/guards';
import { TokenService } from './auth/token.service';
import { CryptoService } from './crypto/crypto.service';

/** Cross-cutting services every feature uses: crypto, tokens and guards, the audit log. */
@Global()
@Module({
  providers: [
    CryptoService,
    TokenService,
    SubscriberGuard,
    AgentGuard,
    AgentSessionRepository,
    AuditRepository,
    AuditService,
  ],
  exports: [
    CryptoService,
    TokenService,
    SubscriberGuard,
    AgentGuard,
    AgentSessionRepository,
    AuditService,
  ],
})
export class CommonModule {}
