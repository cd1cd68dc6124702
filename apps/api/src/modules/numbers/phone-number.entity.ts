import type { LineType, ServiceState, UnregisteredKind } from '@shiming/domain';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const SERVICE_STATES = [
  'active',
  'single_stop',
  'double_stop',
  'cancelled',
  'lift_pending',
] as const;
export const UNREGISTERED_KIND_VALUES = [
  'temporary_account',
  'incomplete_data',
  'owner_differs',
  'group_card',
] as const;

/** A number one tenant serves: its service state and why it is unregistered. */
@Entity('phone_number')
export class PhoneNumberEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** Canonical (parsePhoneNumber): '13800138000' or '0859-3221234'. */
  @Column('text')
  phone: string;

  @Column({ type: 'enum', enum: ['mobile', 'fixed'], enumName: 'line_type', name: 'line_type' })
  lineType: LineType;

  @Column({ type: 'enum', enum: SERVICE_STATES, enumName: 'service_state' })
  state: ServiceState;

  /** The stop a lift was requested from: where lift_failed returns the number. */
  @Column({
    type: 'enum',
    enum: SERVICE_STATES,
    enumName: 'service_state',
    name: 'state_before_lift',
    nullable: true,
  })
  stateBeforeLift: ServiceState | null;

  @Column({
    type: 'enum',
    enum: UNREGISTERED_KIND_VALUES,
    enumName: 'unregistered_kind',
    name: 'unregistered_kind',
    nullable: true,
  })
  unregisteredKind: UnregisteredKind | null;

  @Column('boolean')
  registered: boolean;

  @Column('text', { name: 'region_code', nullable: true })
  regionCode: string | null;

  @Column('bytea', { name: 'owner_name_on_file_enc', nullable: true })
  ownerNameOnFileEnc: Buffer | null;

  /** YYYY-MM-DD (pg returns date columns as strings). */
  @Column('date', { name: 'single_stopped_on', nullable: true })
  singleStoppedOn: string | null;

  @Column('date', { name: 'double_stopped_on', nullable: true })
  doubleStoppedOn: string | null;

  @Column('date', { name: 'cancelled_on', nullable: true })
  cancelledOn: string | null;

  @Column('integer')
  version: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
