import { randomUUID } from 'node:crypto';
import {
  computeIdCheckCharacter,
  requiredDocuments,
  type ApplicantType,
  type DocumentKind,
} from '@shiming/domain';
import { CryptoService } from '../common/crypto/crypto.service';
import { DocumentsService } from '../modules/documents/documents.service';
import { caseFieldAad } from '../modules/cases/cases.service';
import { seedNumber, type SeededNumber, type SeededTenant } from './factories';
import { makeJpeg } from './images';
import type { TestApp } from './test-app';

let nextSeq = 0;

/**
 * A valid 18-character ID number of 兴义市 (522301), born `birth` (YYYYMMDD). Without a `seq`,
 * each call gives another identity (so one test's cases do not count toward another's quota).
 */
export function idNumberFor(birth = '19800101', seq?: number): string {
  seq ??= (nextSeq++ * 37 + Math.floor(Math.random() * 1000)) % 1000;
  const first17 = `522301${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + computeIdCheckCharacter(first17);
}

export interface SeededCase {
  id: string;
  number: SeededNumber;
  name: string;
  idNumber: string;
  documentIds: string[];
}

/**
 * A case waiting in the review queue, as the subscriber's submit leaves it: documents uploaded
 * through DocumentsService (real JPEGs, encrypted), applicant fields sealed, state submitted.
 */
export async function seedSubmittedCase(
  t: TestApp,
  tenant: SeededTenant,
  o: {
    number?: SeededNumber;
    name?: string;
    idNumber?: string;
    queuedAt?: Date;
    documents?: boolean;
    openid?: string | null;
    applicantType?: ApplicantType;
    /** Photos to upload instead of the generated ones, by kind. */
    photos?: Partial<Record<DocumentKind, Buffer>>;
  } = {},
): Promise<SeededCase> {
  const ds = t.db.dataSource;
  const crypto = t.app.get(CryptoService);
  const number = o.number ?? (await seedNumber(ds, tenant.id));
  const id = randomUUID();
  const name = o.name ?? '张三';
  const idNumber =
    o.idNumber ??
    idNumberFor(
      `19${String(50 + Math.floor(Math.random() * 40))}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}`,
    );
  const applicantType = o.applicantType ?? 'self';
  await ds.query(
    `INSERT INTO registration_case (tenant_id, id, number_id, applicant_type, state, openid) VALUES ($1, $2, $3, $4, 'draft', $5)`,
    [
      tenant.id,
      id,
      number.id,
      applicantType,
      o.openid === undefined ? `o-test${id.replace(/-/g, '').slice(0, 20)}` : o.openid,
    ],
  );
  const documentIds: string[] = [];
  if (o.documents !== false) {
    const docs = t.app.get(DocumentsService);
    let seed = 0;
    for (const kind of requiredDocuments(applicantType)) {
      const up = await docs.upload({
        tenantId: tenant.id,
        numberId: number.id,
        caseId: id,
        kind,
        bytes: o.photos?.[kind] ?? (await makeJpeg({ width: 640, height: 400, seed: seed++ })),
        actorId: 'test',
      });
      documentIds.push(up.id);
    }
  }
  await ds.query(
    `UPDATE registration_case
        SET name_enc = $3, id_number_enc = $4, id_hash = $5, carrier = $6, id_carrier_hash = $7,
            consent_version = $8, consented_at = now(), state = 'submitted', version = version + 1,
            submitted_at = now(), queued_at = $9
      WHERE tenant_id = $1 AND id = $2`,
    [
      tenant.id,
      id,
      crypto.encryptText(tenant.id, name, caseFieldAad(tenant.id, id, 'name')),
      crypto.encryptText(tenant.id, idNumber, caseFieldAad(tenant.id, id, 'id_number')),
      crypto.keyedHash(tenant.id, idNumber),
      tenant.carrier,
      crypto.carrierHash(tenant.carrier, idNumber),
      tenant.consentVersion,
      o.queuedAt ?? new Date(),
    ],
  );
  return { id, number, name, idNumber, documentIds };
}
