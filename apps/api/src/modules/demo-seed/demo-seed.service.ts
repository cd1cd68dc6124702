import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { carrierOfMobile, chinaDate, type ServiceState } from '@shiming/domain';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AgentsService } from '../agents/agents.service';
import { NumbersService } from '../numbers/numbers.service';
import { TenantsService } from '../tenants/tenants.service';
import { DEMO_CONSENT, DEMO_PASSWORD, DEMO_REGION, demoNumbers, demoTenants } from './demo-data';

export interface SeedResult {
  seeded: boolean;
  tenants: number;
  agents: number;
  numbers: number;
}

/**
 * The demo data of docs/API.md: three tenants of 黔西南, their agents (password shiming-demo),
 * suspended numbers in every state, and provisioning pointed at the built-in fake endpoint.
 * Runs on start in demo mode when the database has no tenant, and from `pnpm shiming seed`.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly numbers: NumbersService,
    private readonly agents: AgentsService,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.mode !== 'demo') return;
    const r = await this.seedIfEmpty();
    if (r.seeded)
      this.logger.log(
        `demo data seeded: ${r.tenants} tenants, ${r.agents} agents, ${r.numbers} numbers (password ${DEMO_PASSWORD})`,
      );
  }

  /** Seeds only an empty database (no tenant): never mixes demo rows into real data. */
  async seedIfEmpty(today = new Date()): Promise<SeedResult> {
    if ((await this.tenants.count()) > 0)
      return { seeded: false, tenants: 0, agents: 0, numbers: 0 };
    let agents = 0;
    let numbers = 0;
    const list = demoTenants(today);
    let first: string | undefined;
    for (const d of list) {
      const tenant = await this.tenants.create({
        code: d.code,
        carrier: d.carrier,
        region: DEMO_REGION.name,
        regionCode: DEMO_REGION.code,
        displayName: d.displayName,
        officialAccountName: d.officialAccountName,
        hotline: d.hotline,
        primaryColor: d.primaryColor,
        accentColor: d.accentColor,
        policy: d.policy,
        consent: DEMO_CONSENT,
        provisioning: {
          url: `${this.config.publicBaseUrl}/api/demo/provisioning`,
          secret: randomBytes(32).toString('base64url'),
        },
      });
      first ??= tenant.id;
      const roles = ['agent', 'agent', 'supervisor', 'carrier_admin'] as const;
      const suffixes = ['agent', 'agent2', 'supervisor', 'admin'] as const;
      for (let i = 0; i < roles.length; i++) {
        await this.agents.createForSeed(tenant.id, {
          username: `${d.code}-${suffixes[i]}`,
          displayName: d.agentNames[i] ?? suffixes[i] ?? '',
          role: roles[i] ?? 'agent',
          password: DEMO_PASSWORD,
        });
        agents++;
      }
      for (const n of demoNumbers(d)) {
        const fixed = n.phone.startsWith('0');
        if (!fixed && carrierOfMobile(n.phone) !== d.carrier)
          throw new Error(`demo number ${n.phone} is not on ${d.carrier}'s network`);
        const daysAgo = (days: number): string =>
          chinaDate(new Date(today.getTime() - days * 86_400_000));
        const numberId = await this.numbers.create({
          tenantId: tenant.id,
          phone: n.phone,
          lineType: fixed ? 'fixed' : 'mobile',
          state: n.state,
          stateBeforeLift: null,
          unregisteredKind: n.unregisteredKind,
          registered: n.registered,
          regionCode: DEMO_REGION.code,
          ownerNameOnFileEnc: null,
          singleStoppedOn:
            n.state === 'single_stop' || n.state === 'double_stop' ? daysAgo(27) : null,
          doubleStoppedOn: n.state === 'double_stop' ? daysAgo(n.doubleStoppedDaysAgo ?? 0) : null,
          cancelledOn: n.state === 'cancelled' ? daysAgo(2) : null,
        });
        await this.writeHistory(tenant.id, numberId, n.state, n.doubleStoppedDaysAgo, today);
        numbers++;
      }
    }
    if (first) {
      // agent.tenant_id is required: the platform admin is kept under the first tenant; its role sees all.
      await this.agents.createForSeed(first, {
        username: 'platform-admin',
        displayName: '平台管理员',
        role: 'platform_admin',
        password: DEMO_PASSWORD,
      });
      agents++;
    }
    return { seeded: true, tenants: list.length, agents, numbers };
  }

  /**
   * The story of a demo number, so the dashboard's series has something to draw: on the list 29
   * days ago, single-stopped 27 days ago, then double-stopped or cancelled as its state says.
   */
  private async writeHistory(
    tenantId: string,
    numberId: string,
    state: ServiceState,
    doubleStoppedDaysAgo: number | undefined,
    today: Date,
  ): Promise<void> {
    const at = (days: number): Date => new Date(today.getTime() - days * 86_400_000);
    const steps: Array<[ServiceState | null, ServiceState, Date, string]> = [
      [null, 'active', at(29), 'import'],
    ];
    if (state !== 'active') steps.push(['active', 'single_stop', at(27), 'escalation']);
    if (state === 'double_stop' || state === 'cancelled')
      steps.push(['single_stop', 'double_stop', at(doubleStoppedDaysAgo ?? 20), 'escalation']);
    if (state === 'cancelled') steps.push(['double_stop', 'cancelled', at(2), 'escalation']);
    for (const [from, to, when, cause] of steps)
      await this.dataSource.query(
        `INSERT INTO number_history (tenant_id, id, number_id, from_state, to_state, cause, actor, at)
         VALUES ($1, $2, $3, $4, $5, $6, 'demo-seed', $7)`,
        [tenantId, randomUUID(), numberId, from, to, cause, when],
      );
  }
}
