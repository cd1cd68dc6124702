import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  chinaDate,
  LineType,
  maskPhone,
  nextEscalation,
  ServiceEvent,
  ServiceState,
  ServiceStateDescription,
  serviceStateDescription,
  transitionService,
  UnregisteredKind,
} from '@shiming/domain';
import { EntityManager } from 'typeorm';
import { TenantsService } from '../tenants/tenants.service';
import { NumberError } from './numbers.errors';
import { NewNumberRow, NumberRow, NumbersRepository, StateChange } from './numbers.repository';

/** docs/API.md NumberStatus. */
export interface NumberStatus {
  phone: string;
  lineType: LineType;
  state: ServiceState;
  description: ServiceStateDescription;
  unregisteredKind: UnregisteredKind | null;
  nextEscalation: { to: string; date: string; daysLeft: number } | null;
  registered: boolean;
}

export interface NumberTransition {
  from: ServiceState;
  to: ServiceState;
  /** The number's version after the move. */
  version: number;
}

export interface NumberHistoryItem {
  at: string;
  from: ServiceState | null;
  to: ServiceState;
  cause: string;
  actor: string;
  caseId: string | null;
}

/** Which day-of-stop column a state records (escalation counts grace days from it). */
function stamp(change: StateChange, to: ServiceState, today: string): StateChange {
  if (to === 'single_stop' && change.singleStoppedOn === null)
    return { ...change, singleStoppedOn: today };
  if (to === 'double_stop' && change.doubleStoppedOn === null)
    return { ...change, doubleStoppedOn: today };
  if (to === 'cancelled') return { ...change, cancelledOn: today };
  return change;
}

@Injectable()
export class NumbersService {
  constructor(
    private readonly repo: NumbersRepository,
    private readonly tenants: TenantsService,
  ) {}

  /** The tenant's row for a canonical number (parsePhoneNumber(...).value), or null. */
  findForTenant(tenantId: string, phone: string): Promise<NumberRow | null> {
    return this.repo.findByPhone(tenantId, phone);
  }

  /** 404 NUMBER_NOT_FOUND when the tenant has no such number (another tenant's id included). */
  async getForTenant(tenantId: string, numberId: string, m?: EntityManager): Promise<NumberRow> {
    const row = await this.repo.findById(tenantId, numberId, m);
    if (!row) throw new NumberError('NUMBER_NOT_FOUND', '找不到这个号码');
    return row;
  }

  /** Adds a number to the tenant's list (demo seed; imports use their own bulk path). */
  async create(row: Omit<NewNumberRow, 'id'>): Promise<string> {
    const id = randomUUID();
    await this.repo.insert({ id, ...row });
    return id;
  }

  /**
   * A number the subscriber proved but the tenant's lists do not hold: it is on the carrier's
   * network and not suspended, so it is recorded as active and not (known to be) registered.
   */
  findOrCreateActive(
    m: EntityManager,
    tenantId: string,
    phone: string,
    lineType: LineType,
  ): Promise<NumberRow> {
    return this.repo.findOrCreateActive(m, tenantId, phone, lineType);
  }

  async statusFor(tenantId: string, numberId: string, today = new Date()): Promise<NumberStatus> {
    const n = await this.repo.findStatus(tenantId, numberId);
    if (!n) throw new NumberError('NUMBER_NOT_FOUND', '找不到这个号码');
    const policy = this.tenants.checkStoredPolicy(n.tenantCode, n.policy);
    return {
      phone: maskPhone(n.phone),
      lineType: n.lineType,
      state: n.state,
      description: serviceStateDescription(n.state),
      unregisteredKind: n.registered ? null : n.unregisteredKind,
      nextEscalation: n.registered
        ? null
        : nextEscalation(n.state, policy, n.doubleStoppedOn, today),
      registered: n.registered,
    };
  }

  async history(tenantId: string, numberId: string): Promise<NumberHistoryItem[]> {
    const rows = await this.repo.history(tenantId, numberId);
    return rows.map((h) => ({
      at: h.at.toISOString(),
      from: h.fromState,
      to: h.toState,
      cause: h.cause,
      actor: h.actor,
      caseId: h.caseId,
    }));
  }

  /**
   * Moves a number by the domain's service state machine, inside the caller's transaction:
   * locks the row, refuses an illegal move (409 ILLEGAL_TRANSITION), remembers the stop a lift
   * was requested from (so lift_failed can go back to it), marks the number registered when a
   * lift is confirmed, bumps the version and writes the history row.
   *
   * `actor`: who caused it, e.g. `agent:<id>`, `system:provisioning`, `cli:escalate`.
   */
  async transition(
    m: EntityManager,
    tenantId: string,
    numberId: string,
    event: ServiceEvent,
    cause: string,
    actor: string,
    caseId?: string,
  ): Promise<NumberTransition> {
    const n = await this.repo.lockById(m, tenantId, numberId);
    if (!n) throw new NumberError('NUMBER_NOT_FOUND', '找不到这个号码');
    const next = transitionService(n.state, event, { previous: n.stateBeforeLift ?? undefined });
    if (!next.ok)
      throw new NumberError('ILLEGAL_TRANSITION', next.message, { from: n.state, event });
    const to = next.value;
    let change: StateChange = {
      state: to,
      stateBeforeLift: null,
      registered: n.registered,
      unregisteredKind: n.unregisteredKind,
      singleStoppedOn: n.singleStoppedOn,
      doubleStoppedOn: n.doubleStoppedOn,
      cancelledOn: n.cancelledOn,
    };
    switch (event) {
      case 'request_lift':
        change.stateBeforeLift = n.state;
        break;
      case 'confirm_lift':
        change = {
          ...change,
          registered: true,
          unregisteredKind: null,
          singleStoppedOn: null,
          doubleStoppedOn: null,
        };
        break;
      case 'suspend_single':
      case 'suspend_double':
      case 'escalate_to_double':
      case 'cancel':
      case 'lift_failed':
        change = stamp(change, to, chinaDate(new Date()));
        break;
    }
    await this.repo.applyChange(m, tenantId, numberId, change);
    await this.repo.insertHistory(m, {
      tenantId,
      numberId,
      fromState: n.state,
      toState: to,
      cause,
      actor,
      caseId: caseId ?? null,
    });
    return { from: n.state, to, version: n.version + 1 };
  }
}
