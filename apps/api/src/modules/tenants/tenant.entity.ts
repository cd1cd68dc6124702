import type { Carrier } from '@shiming/domain';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One carrier in one region (e.g. 黔西南联通): its brand, hotline, policy and consent text. */
@Entity('tenant')
export class TenantEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  code: string;

  @Column({ type: 'enum', enum: ['mobile', 'unicom', 'telecom'], enumName: 'carrier' })
  carrier: Carrier;

  @Column('text')
  region: string;

  @Column('text', { name: 'region_code' })
  regionCode: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text', { name: 'official_account_name' })
  officialAccountName: string;

  @Column('text')
  hotline: string;

  @Column('text', { name: 'logo_url', nullable: true })
  logoUrl: string | null;

  @Column('text', { name: 'primary_color' })
  primaryColor: string;

  @Column('text', { name: 'accent_color' })
  accentColor: string;

  /** Checked with the domain's validatePolicy whenever it is read or written. */
  @Column('jsonb')
  policy: object;

  /** Photo quality and duplicate rules; checked with the domain's validateCapturePolicy. */
  @Column('jsonb', { name: 'capture_policy' })
  capturePolicy: object;

  @Column('text', { name: 'consent_version' })
  consentVersion: string;

  @Column('text', { name: 'consent_title' })
  consentTitle: string;

  @Column('text', { name: 'consent_text' })
  consentText: string;

  @Column('text', { name: 'provisioning_url', nullable: true })
  provisioningUrl: string | null;

  /** CryptoService.encrypt(tenantId, secret, `tenant:${id}:provisioning_secret`). */
  @Column('bytea', { name: 'provisioning_secret_enc', nullable: true })
  provisioningSecretEnc: Buffer | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
