import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TenantEntity } from './tenant.entity';

export type TenantRow = TenantEntity;
export type NewTenantRow = Omit<TenantEntity, 'createdAt' | 'updatedAt'>;
export type TenantBrandingFields = Pick<
  TenantEntity,
  | 'region'
  | 'displayName'
  | 'officialAccountName'
  | 'hotline'
  | 'logoUrl'
  | 'primaryColor'
  | 'accentColor'
  | 'consentVersion'
  | 'consentTitle'
  | 'consentText'
>;

@Injectable()
export class TenantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(m?: EntityManager) {
    return (m ?? this.dataSource.manager).getRepository(TenantEntity);
  }

  list(): Promise<TenantRow[]> {
    return this.repo().find({ order: { code: 'ASC' } });
  }

  count(): Promise<number> {
    return this.repo().count();
  }

  findByCode(code: string): Promise<TenantRow | null> {
    return this.repo().findOneBy({ code });
  }

  findById(id: string, m?: EntityManager): Promise<TenantRow | null> {
    return this.repo(m).findOneBy({ id });
  }

  /** The row, locked for the rest of the caller's transaction (admin edits: before/after). */
  async lockById(m: EntityManager, id: string): Promise<TenantRow | null> {
    return this.repo(m)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .getOne();
  }

  async insert(row: NewTenantRow, m?: EntityManager): Promise<void> {
    await this.repo(m).insert(row);
  }

  async updateBranding(m: EntityManager, id: string, fields: TenantBrandingFields): Promise<void> {
    await this.repo(m).update({ id }, fields);
  }

  /** Replaces the policy, and the capture policy when given. */
  async updatePolicy(
    m: EntityManager,
    id: string,
    policy: object,
    capturePolicy?: object,
  ): Promise<void> {
    await this.repo(m).update({ id }, capturePolicy ? { policy, capturePolicy } : { policy });
  }
}
