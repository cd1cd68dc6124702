import { randomUUID } from 'node:crypto';
import type { Carrier, LineType, ServiceState, UnregisteredKind } from '@shiming/domain';
import type { DataSource } from 'typeorm';

export interface SeededNumber {
  id: string;
  tenantId: string;
  phone: string;
  lineType: LineType;
  state: ServiceState;
  registered: boolean;
  unregisteredKind: UnregisteredKind | null;
}

export interface NumberOverrides {
  /** Canonical form; default: a fresh mobile number of the tenant's carrier. */
  phone?: string;
  lineType?: LineType;
  state?: ServiceState;
  registered?: boolean;
  unregisteredKind?: UnregisteredKind | null;
  stateBeforeLift?: ServiceState | null;
  doubleStoppedOn?: string | null;
  singleStoppedOn?: string | null;
}

const PREFIX: Record<Carrier, string> = { mobile: '138', unicom: '186', telecom: '189' };
let counter = 0;

/** A mobile number of the carrier no other call in this process has handed out. */
export function freshMobile(carrier: Carrier): string {
  counter += 1;
  const tail = String((process.pid * 7919 + counter * 104729 + Date.now()) % 1e8).padStart(8, '0');
  return PREFIX[carrier] + tail;
}

/**
 * A number of the tenant: single-stopped, unregistered (temporary account) unless told
 * otherwise; the phone is a fresh mobile of the tenant's carrier.
 */
export async function seedNumber(
  ds: DataSource,
  tenantId: string,
  overrides: NumberOverrides = {},
): Promise<SeededNumber> {
  let phone = overrides.phone;
  if (!phone) {
    const rows: Array<{ carrier: Carrier }> = await ds.query(
      'SELECT carrier FROM tenant WHERE id = $1',
      [tenantId],
    );
    const carrier = rows[0]?.carrier;
    if (!carrier) throw new Error(`seedNumber: no tenant ${tenantId}`);
    phone = freshMobile(carrier);
  }
  const state = overrides.state ?? 'single_stop';
  const registered = overrides.registered ?? state === 'active';
  const n: SeededNumber = {
    id: randomUUID(),
    tenantId,
    phone,
    lineType: overrides.lineType ?? (phone.startsWith('0') ? 'fixed' : 'mobile'),
    state,
    registered,
    unregisteredKind:
      overrides.unregisteredKind !== undefined
        ? overrides.unregisteredKind
        : registered
          ? null
          : 'temporary_account',
  };
  await ds.query(
    `INSERT INTO phone_number (tenant_id, id, phone, line_type, state, state_before_lift, unregistered_kind, registered,
                               single_stopped_on, double_stopped_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      tenantId,
      n.id,
      n.phone,
      n.lineType,
      n.state,
      overrides.stateBeforeLift ?? null,
      n.unregisteredKind,
      n.registered,
      overrides.singleStoppedOn ?? (state === 'single_stop' ? '2016-10-15' : null),
      overrides.doubleStoppedOn ?? (state === 'double_stop' ? '2016-11-01' : null),
    ],
  );
  return n;
}
