import { Inject, Injectable } from '@nestjs/common';
import {
  crossCheckIdCard,
  type IdCardBackReading,
  type IdCardFrontReading,
  type ResubmissionReason,
} from '@shiming/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { SubscriberPrincipal } from '../../common/auth/token.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CaseError } from '../cases/cases.errors';
import { CasesRepository } from '../cases/cases.repository';
import type { DocumentRecord } from '../documents/document.entity';
import { DocumentsService } from '../documents/documents.service';
import { ocrResultAad, type OcrResult } from './ocr-result';
import { OcrKind, OcrRepository, OcrRow } from './ocr.repository';

/** 'none': no photo of that side, or it was uploaded while OCR was off. */
export type OcrSideStatus = 'none' | 'pending' | 'done' | 'failed';

/** docs/API.md: GET /api/cases/:id/ocr — the prefill the mini-program offers for confirmation. */
export interface SubscriberOcr {
  status: 'disabled' | 'pending' | 'done' | 'failed';
  name?: string;
  idNumber?: string;
  /** YYYY-MM-DD */
  validFrom?: string;
  /** YYYY-MM-DD or '长期' */
  validUntil?: string;
  /** Each side's own status (absent when disabled). */
  sides?: { front: OcrSideStatus; back: OcrSideStatus };
}

/** A flag on a case for the agent (docs/API.md ConsoleCase.flags). */
export interface OcrCaseFlag {
  code: 'OCR_NAME_MISMATCH' | 'OCR_NUMBER_MISMATCH' | 'OCR_NUMBER_UNREADABLE' | 'CARD_EXPIRED';
  severity: 'warning' | 'critical';
  documentId?: string;
  message: string;
  suggestedReason?: ResubmissionReason;
}

interface Side {
  documentId: string;
  status: OcrSideStatus;
  result?: OcrResult;
}

const SIDE_STATUS: Record<OcrRow['status'], OcrSideStatus> = {
  pending: 'pending',
  running: 'pending',
  done: 'done',
  failed: 'failed',
  // Only a replaced or purged photo is skipped: not a current one.
  skipped: 'failed',
};

/**
 * OCR results as their readers need them: the subscriber's prefill, and the agent's flags
 * (what the subscriber typed against what the card says).
 */
@Injectable()
export class OcrService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: OcrRepository,
    private readonly documents: DocumentsService,
    private readonly cases: CasesRepository,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  get enabled(): boolean {
    return this.config.ocr.enabled;
  }

  /** The OCR of the case's current ID photos, by side. */
  private async sides(
    tenantId: string,
    caseId: string,
    current?: DocumentRecord[],
  ): Promise<Partial<Record<OcrKind, Side>>> {
    const docs = (current ?? (await this.documents.currentForCase(tenantId, caseId))).filter(
      (d) => d.kind === 'id_front' || d.kind === 'id_back',
    );
    const rows = new Map(
      (
        await this.repo.forDocuments(
          tenantId,
          docs.map((d) => d.id),
        )
      ).map((r) => [r.documentId, r]),
    );
    const out: Partial<Record<OcrKind, Side>> = {};
    for (const d of docs) {
      const row = rows.get(d.id);
      const side: Side = { documentId: d.id, status: row ? SIDE_STATUS[row.status] : 'none' };
      if (row?.status === 'done' && row.resultEnc) {
        side.result = JSON.parse(
          this.crypto.decryptText(tenantId, row.resultEnc, ocrResultAad(tenantId, d.id)),
        ) as OcrResult;
      }
      out[d.kind as OcrKind] = side;
    }
    return out;
  }

  /** The prefill for the case's owner (the session's proven number); another's case is not found. */
  async forSubscriber(s: SubscriberPrincipal, caseId: string): Promise<SubscriberOcr> {
    const c = s.numberId
      ? await this.cases.findForNumber(s.tenantId, s.numberId, caseId)
      : undefined;
    if (!c) throw new CaseError('CASE_NOT_FOUND', '没有找到这个申请');
    if (!this.enabled) return { status: 'disabled' };
    const { id_front: front, id_back: back } = await this.sides(s.tenantId, caseId);
    const statuses = [front?.status, back?.status].filter(
      (x): x is OcrSideStatus => x !== undefined && x !== 'none',
    );
    const status: SubscriberOcr['status'] = statuses.includes('pending')
      ? 'pending'
      : statuses.length > 0 && statuses.every((x) => x === 'failed')
        ? 'failed'
        : 'done';
    const f = front?.result?.kind === 'id_front' ? front.result : undefined;
    const b = back?.result?.kind === 'id_back' ? back.result : undefined;
    const answer: SubscriberOcr = {
      status,
      ...(f?.name ? { name: f.name } : {}),
      ...(f?.idNumber ? { idNumber: f.idNumber } : {}),
      ...(b?.validFrom ? { validFrom: b.validFrom } : {}),
      ...(b?.validUntil ? { validUntil: b.validUntil } : {}),
      sides: { front: front?.status ?? 'none', back: back?.status ?? 'none' },
    };
    await this.dataSource.transaction((m) =>
      this.audit.append(m, {
        tenantId: s.tenantId,
        actorType: 'subscriber',
        actorId: s.openid ?? `number:${s.numberId as string}`,
        action: 'case.ocr.view',
        targetType: 'case',
        targetId: caseId,
        detail: {
          status,
          fields: Object.keys(answer).filter((k) => k !== 'status' && k !== 'sides'),
        },
      }),
    );
    return answer;
  }

  /**
   * The agent's flags from OCR: typed name/number against the card, an unreadable number, an
   * expired card. Nothing while OCR is off or a side is not read yet.
   */
  async flagsForCase(
    tenantId: string,
    caseId: string,
    typed: { name: string; idNumber: string } | null,
    now = new Date(),
    /** The case's documents in force, when the caller has them already. */
    current?: DocumentRecord[],
  ): Promise<OcrCaseFlag[]> {
    if (!this.enabled) return [];
    const { id_front: front, id_back: back } = await this.sides(tenantId, caseId, current);
    const frontReading: IdCardFrontReading | undefined =
      front?.result?.kind === 'id_front' ? front.result : undefined;
    const backReading: IdCardBackReading | undefined =
      back?.result?.kind === 'id_back' ? back.result : undefined;
    return crossCheckIdCard({ typed, front: frontReading, back: backReading, today: now }).map(
      (f) => {
        const documentId = (f.side === 'front' ? front : back)?.documentId;
        return {
          code: f.code,
          severity: f.severity,
          ...(documentId ? { documentId } : {}),
          message: f.message,
          ...(f.suggestedReason ? { suggestedReason: f.suggestedReason } : {}),
        };
      },
    );
  }
}
