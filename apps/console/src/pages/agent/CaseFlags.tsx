import { Alert, Button, Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { CaseFlag, ConsoleCase } from '../../domains/cases/schemas';
import {
  documentKindLabel,
  isDocumentKind,
  resubmissionReasonOptions,
  resubmissionReasonsFor,
  type DocumentKind,
  type ResubmissionReason,
} from '../../lib/domain';
import { CASE_FLAG_LABELS, label } from '../../lib/labels';

/** A resubmission reason to pick in the decision form, for one document or the whole case. */
export interface ReasonPick {
  reason: ResubmissionReason;
  document?: DocumentKind;
}

function isResubmissionReason(r: string | undefined): r is ResubmissionReason {
  return !!r && resubmissionReasonOptions.some((o) => o.value === r);
}

/**
 * Where a flag's suggested reason goes in the form: under its document when the form offers it
 * there, except a typed name or number that differs from the card — the photo is fine, the
 * subscriber corrects the typing (under the document it would ask for the photo again).
 */
export function reasonPickFor(flag: CaseFlag, kase: ConsoleCase): ReasonPick | null {
  if (!isResubmissionReason(flag.suggestedReason)) return null;
  const reason = flag.suggestedReason;
  const kind = kase.documents.find((d) => d.id === flag.documentId)?.kind;
  const offeredFor = (k: DocumentKind | null) =>
    resubmissionReasonsFor(k).some((o) => o.value === reason);
  if (kind && isDocumentKind(kind) && reason !== 'name_id_mismatch' && offeredFor(kind)) {
    return { reason, document: kind };
  }
  if (offeredFor(null)) return { reason };
  return kind && isDocumentKind(kind) ? { reason, document: kind } : null;
}

const SEVERITY_ORDER = { critical: 0, warning: 1 } as const;

export interface CaseFlagsProps {
  kase: ConsoleCase;
  /** False when the agent cannot decide (no lease): the one-click reasons are disabled. */
  canDecide: boolean;
  onPickReason: (pick: ReasonPick) => void;
}

/**
 * What the API found for the agent before looking at the photos: critical first (red), then
 * warnings (orange), each with its message, the document it concerns, a one-click resubmission
 * reason when there is one, and for a duplicate photo the other cases that use it.
 */
export function CaseFlags({ kase, canDecide, onPickReason }: CaseFlagsProps) {
  if (kase.flags.length === 0) return null;
  const flags = [...kase.flags].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  return (
    <section aria-label="系统提示" data-testid="case-flags">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {flags.map((f, i) => {
          const doc = kase.documents.find((d) => d.id === f.documentId);
          const pick = reasonPickFor(f, kase);
          const critical = f.severity === 'critical';
          return (
            <Alert
              key={`${f.code}-${f.documentId ?? ''}-${i}`}
              type={critical ? 'error' : 'warning'}
              showIcon
              role="alert"
              data-severity={f.severity}
              title={
                <Space wrap size={4}>
                  <Typography.Text strong>
                    {critical ? '严重' : '注意'}：{label(CASE_FLAG_LABELS, f.code)}
                  </Typography.Text>
                  {doc && (
                    <Typography.Text type="secondary">
                      （{documentKindLabel(doc.kind)}）
                    </Typography.Text>
                  )}
                </Space>
              }
              description={
                <Space orientation="vertical" size={4}>
                  <span>{f.message}</span>
                  {f.code === 'DUPLICATE_PHOTO' && (f.relatedCaseIds?.length ?? 0) > 0 && (
                    <Space wrap size={4}>
                      <span>同一张照片还用于：</span>
                      {f.relatedCaseIds?.map((id) => (
                        <Link
                          key={id}
                          to={`/review/${encodeURIComponent(id)}`}
                          target="_blank"
                          rel="noopener"
                        >
                          工单 {id.slice(0, 8)}
                        </Link>
                      ))}
                    </Space>
                  )}
                </Space>
              }
              action={
                pick ? (
                  <Button
                    size="small"
                    danger={critical}
                    disabled={!canDecide}
                    title={canDecide ? undefined : '您未持有该工单的领取'}
                    onClick={() => onPickReason(pick)}
                  >
                    按此原因退回补正
                  </Button>
                ) : undefined
              }
            />
          );
        })}
      </Space>
    </section>
  );
}
