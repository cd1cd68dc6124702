import { DEFAULT_POLICY } from '@shiming/domain';
import type { DocumentRecord } from '../documents/document.entity';
import type { CaseRecord } from './case.entity';
import { caseDocumentStatus, toSubscriberCase } from './case.mapper';
import { isCaseEditable } from './case-editable';

const at = (iso: string): Date => new Date(iso);
const doc = (
  kind: DocumentRecord['kind'],
  createdAt: string,
  id: string = kind,
): DocumentRecord => ({
  tenantId: 't',
  id,
  caseId: 'c',
  kind,
  storageKey: 'k',
  bytes: 1,
  width: 1,
  height: 1,
  flags: [],
  quality: null,
  phash: null,
  supersededAt: null,
  createdAt: at(createdAt),
});
const record = (o: Partial<CaseRecord> = {}): CaseRecord =>
  ({
    tenantId: 't',
    id: 'c',
    numberId: 'n',
    applicantType: 'self',
    state: 'draft',
    version: 0,
    consentVersion: null,
    resubmissionCount: 0,
    resubmission: null,
    rejection: null,
    createdAt: at('2016-11-01T00:00:00Z'),
    submittedAt: null,
    decidedAt: null,
    ...o,
  }) as CaseRecord;

describe('caseDocumentStatus', () => {
  it('should list every required kind as missing when nothing was uploaded', () => {
    expect(caseDocumentStatus(record(), []).missing).toEqual([
      'id_front',
      'id_back',
      'id_handheld',
    ]);
  });

  it('should mark a photo stale when the reviewer asked to redo it after it was uploaded', () => {
    const c = record({
      state: 'needs_resubmission',
      resubmission: {
        items: [{ reason: 'glare', document: 'id_front' }],
        message: '',
        requestedAt: '2016-11-02T00:00:00Z',
      },
    });
    const docs = [
      doc('id_front', '2016-11-01T10:00:00Z'),
      doc('id_back', '2016-11-01T10:00:00Z'),
      doc('id_handheld', '2016-11-01T10:00:00Z'),
    ];
    const s = caseDocumentStatus(c, docs);
    expect([...s.staleIds]).toEqual(['id_front']);
    expect(s.missing).toEqual(['id_front']);
    const redone = caseDocumentStatus(c, [
      ...docs.slice(1),
      doc('id_front', '2016-11-02T08:00:00Z', 'new'),
    ]);
    expect(redone.missing).toEqual([]);
    expect(redone.staleIds.size).toBe(0);
  });

  it('should ignore an old resubmission request when the case is no longer awaiting one', () => {
    const c = record({
      state: 'submitted',
      resubmission: {
        items: [{ reason: 'glare', document: 'id_front' }],
        message: '',
        requestedAt: '2016-11-02T00:00:00Z',
      },
    });
    expect(caseDocumentStatus(c, [doc('id_front', '2016-11-01T00:00:00Z')]).staleIds.size).toBe(0);
  });
});

describe('toSubscriberCase', () => {
  it('should mask the phone and the applicant and show the subscriber text when a case is rejected', () => {
    const out = toSubscriberCase({
      record: record({
        state: 'rejected',
        rejection: { reason: 'fraud_suspected', message: '' },
        resubmissionCount: 5,
      }),
      documents: [],
      applicant: {
        name: '张三丰',
        idNumber: '522301198005171354',
        proxyName: null,
        proxyIdNumber: null,
        enterpriseName: null,
        organizationCode: null,
      },
      number: { phone: '13800138000', state: 'double_stop' },
      policy: DEFAULT_POLICY,
      hotline: '10086',
    });
    expect(out.phone).toBe('138****8000');
    expect(out.applicant).toEqual({ nameMasked: '张**', idNumberMasked: '5223**********1354' });
    expect(out.rejection?.label).not.toBe('疑似冒用');
    expect(out.rejection?.hotline).toBe('10086');
    expect(out.resubmissionsLeft).toBe(0);
    expect(JSON.stringify(out)).not.toContain('198005');
  });
});

describe('isCaseEditable', () => {
  it('should allow changes only when the case is a draft or awaits resubmission', () => {
    expect(
      [
        'draft',
        'submitted',
        'in_review',
        'needs_resubmission',
        'approved',
        'rejected',
        'withdrawn',
      ].filter((s) => isCaseEditable(s as CaseRecord['state'])),
    ).toEqual(['draft', 'needs_resubmission']);
  });
});
