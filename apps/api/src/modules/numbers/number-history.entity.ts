import type { ServiceState } from '@shiming/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SERVICE_STATES } from './phone-number.entity';

/** One change of a number's service state, with its cause and who made it. */
@Entity('number_history')
export class NumberHistoryEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'number_id' })
  numberId: string;

  @Column({
    type: 'enum',
    enum: SERVICE_STATES,
    enumName: 'service_state',
    name: 'from_state',
    nullable: true,
  })
  fromState: ServiceState | null;

  @Column({ type: 'enum', enum: SERVICE_STATES, enumName: 'service_state', name: 'to_state' })
  toState: ServiceState;

  @Column('text')
  cause: string;

  /** 'agent:<id>', 'system:provisioning', 'cli:import', … */
  @Column('text')
  actor: string;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId: string | null;

  @Column('timestamptz')
  at: Date;
}
