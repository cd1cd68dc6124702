import { CheckOutlined, CloseOutlined, RedoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Input, Radio, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage, isApiError } from '../../api/errors';
import { useDecideCase } from '../../domains/cases/hooks';
import type { ConsoleCase, DecisionInput } from '../../domains/cases/schemas';
import {
  composeMessage,
  documentKindLabel,
  rejectionReasonOptions,
  isDocumentKind,
  resubmissionReasonsFor,
  type ResubmissionItem,
  type ResubmissionReason,
} from '../../lib/domain';
import { useShortcuts } from '../../lib/useShortcuts';
import type { ReasonPick } from './CaseFlags';

export type DecisionMode = 'approve' | 'resubmit' | 'reject';
const GENERAL = '__general__';

export interface DecisionPanelProps {
  kase: ConsoleCase;
  /** False when the lease is not (or no longer) held: the panel is read-only. */
  canDecide: boolean;
  /** Called with the decided case; the page then takes the next one. */
  onDecided: (decided: ConsoleCase) => void;
  /** Reload the case after a 409 STALE_DECISION. */
  onReload: () => void;
  /** Shortcuts are off while e.g. the reveal dialog is open. */
  shortcutsEnabled?: boolean;
  /**
   * A reason picked outside the form (a flag's "按此原因退回补正"): opens the resubmission form
   * with it ticked. A new object each click (the same reason twice opens the form again).
   */
  preset?: ReasonPick | null;
}

/**
 * Approve, ask for resubmission (reason codes per document, a message to the
 * subscriber prefilled by the domain's composeResubmissionMessage and still
 * editable), or reject with a reason. Sends the case's version so a decision
 * on a case that changed meanwhile is refused (409 STALE_DECISION).
 *
 * Keyboard: A approve, R resubmit, J reject, Ctrl+Enter confirm, Esc cancel.
 */
export function DecisionPanel({
  kase,
  canDecide,
  onDecided,
  onReload,
  shortcutsEnabled = true,
  preset = null,
}: DecisionPanelProps) {
  const { message: toast } = App.useApp();
  const decide = useDecideCase();
  const [mode, setMode] = useState<DecisionMode | null>(null);
  const [picks, setPicks] = useState<Record<string, ResubmissionReason[]>>({});
  const [editedMessage, setEditedMessage] = useState<string | null>(null);
  const [rejectionReason, setRejectionReason] = useState<string | undefined>();
  const [rejectNote, setRejectNote] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);

  // A new case starts from a clean form.
  useEffect(() => {
    setMode(null);
    setPicks({});
    setEditedMessage(null);
    setRejectionReason(undefined);
    setRejectNote('');
    setFormError(null);
    decide.reset();
  }, [kase.id]);

  // A flag's one-click reason: the resubmission form, with that reason ticked (others kept).
  useEffect(() => {
    if (!preset || !canDecide) return;
    const key = preset.document ?? GENERAL;
    setFormError(null);
    decide.reset();
    setMode('resubmit');
    setPicks((p) => {
      const current = p[key] ?? [];
      return current.includes(preset.reason) ? p : { ...p, [key]: [...current, preset.reason] };
    });
    bodyRef.current?.scrollIntoView?.({ block: 'nearest' });
    // Only a new pick acts (decide.reset and canDecide are read as they are then).
  }, [preset]);

  const documentKinds = useMemo(
    () => [...new Set(kase.documents.map((d) => d.kind))].filter(isDocumentKind),
    [kase.documents],
  );
  const items: ResubmissionItem[] = useMemo(
    () =>
      [...documentKinds, GENERAL].flatMap((k) =>
        (picks[k] ?? []).map((reason): ResubmissionItem =>
          isDocumentKind(k) ? { reason, document: k } : { reason },
        ),
      ),
    [picks, documentKinds],
  );
  const composed = useMemo(() => composeMessage(items), [items]);
  const messageText = editedMessage ?? composed;

  // Put the keyboard where the next choice is made.
  useEffect(() => {
    if (!mode) return;
    const el = bodyRef.current?.querySelector<HTMLElement>(
      mode === 'approve' ? '[data-confirm]' : 'input[type=checkbox], input[type=radio]',
    );
    el?.focus();
  }, [mode]);

  const choose = (m: DecisionMode) => {
    if (!canDecide) return;
    setFormError(null);
    decide.reset();
    setMode(m);
  };

  const submit = () => {
    if (!canDecide || !mode || decide.isPending) return;
    let input: DecisionInput;
    if (mode === 'approve') input = { decision: 'approve', version: kase.version };
    else if (mode === 'resubmit') {
      if (items.length === 0) return setFormError('请至少选择一个补正原因');
      if (!messageText.trim()) return setFormError('请填写给用户的说明');
      input = { decision: 'resubmit', version: kase.version, items, message: messageText.trim() };
    } else {
      if (!rejectionReason) return setFormError('请选择驳回原因');
      input = {
        decision: 'reject',
        version: kase.version,
        rejectionReason,
        ...(rejectNote.trim() ? { message: rejectNote.trim() } : {}),
      };
    }
    setFormError(null);
    decide.mutate(
      { id: kase.id, input },
      {
        onSuccess: (decided) => {
          void toast.success(
            mode === 'approve'
              ? '已通过，正在复机'
              : mode === 'resubmit'
                ? '已要求用户补正'
                : '已驳回',
          );
          onDecided(decided);
        },
      },
    );
  };

  useShortcuts(
    {
      a: () => choose('approve'),
      r: () => choose('resubmit'),
      j: () => choose('reject'),
      'mod+Enter': submit,
      Escape: () => {
        setMode(null);
        setFormError(null);
      },
    },
    shortcutsEnabled && canDecide,
  );

  const toggle = (key: string, values: ResubmissionReason[]) => {
    setPicks((p) => ({ ...p, [key]: values }));
  };

  const stale = isApiError(decide.error, 'STALE_DECISION');

  return (
    <Card title="审核决定" size="small" data-testid="decision-panel">
      {!canDecide && (
        <Alert
          type="warning"
          showIcon
          title="您未持有该工单的领取，不能作出决定。"
          style={{ marginBottom: 12 }}
        />
      )}
      <Space wrap>
        <Button
          type={mode === 'approve' ? 'primary' : 'default'}
          icon={<CheckOutlined />}
          style={mode === 'approve' ? { background: '#389e0d' } : undefined}
          disabled={!canDecide}
          aria-pressed={mode === 'approve'}
          onClick={() => choose('approve')}
        >
          通过 (A)
        </Button>
        <Button
          type={mode === 'resubmit' ? 'primary' : 'default'}
          icon={<RedoOutlined />}
          style={mode === 'resubmit' ? { background: '#d46b08' } : undefined}
          disabled={!canDecide}
          aria-pressed={mode === 'resubmit'}
          onClick={() => choose('resubmit')}
        >
          要求补正 (R)
        </Button>
        <Button
          type={mode === 'reject' ? 'primary' : 'default'}
          danger
          icon={<CloseOutlined />}
          disabled={!canDecide}
          aria-pressed={mode === 'reject'}
          onClick={() => choose('reject')}
        >
          驳回 (J)
        </Button>
      </Space>

      <div ref={bodyRef} style={{ marginTop: 12 }}>
        {mode === 'approve' && (
          <Typography.Paragraph>
            确认证件真实、信息一致后通过。通过后系统将登记实名并自动为号码{' '}
            <Typography.Text code>{kase.phone}</Typography.Text> 复机。
          </Typography.Paragraph>
        )}

        {mode === 'resubmit' && (
          <div data-testid="resubmit-form">
            {[...documentKinds, GENERAL].map((k) => (
              <fieldset key={k} style={{ border: 'none', margin: '0 0 8px', padding: 0 }}>
                <legend style={{ fontSize: 13, fontWeight: 600, marginBottom: 4 }}>
                  {k === GENERAL ? '其他（不针对某一材料）' : documentKindLabel(k)}
                </legend>
                <Checkbox.Group
                  value={picks[k] ?? []}
                  onChange={(v) => toggle(k, v as ResubmissionReason[])}
                  options={resubmissionReasonsFor(isDocumentKind(k) ? k : null).map((o) => ({
                    value: o.value,
                    label: o.label,
                  }))}
                  aria-label={k === GENERAL ? '其他补正原因' : `${documentKindLabel(k)}的补正原因`}
                />
              </fieldset>
            ))}
            <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
              给用户的说明
            </Typography.Text>
            <Input.TextArea
              aria-label="给用户的说明"
              autoSize={{ minRows: 4, maxRows: 12 }}
              maxLength={500}
              showCount
              value={messageText}
              placeholder="选择原因后自动生成，可修改"
              onChange={(e) => setEditedMessage(e.target.value)}
            />
            {editedMessage !== null && (
              <Button
                type="link"
                size="small"
                onClick={() => setEditedMessage(null)}
                style={{ paddingLeft: 0 }}
              >
                恢复为自动生成的说明
              </Button>
            )}
          </div>
        )}

        {mode === 'reject' && (
          <div data-testid="reject-form">
            <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
              驳回原因（驳回为最终决定，用户需到营业厅或拨打客服热线办理）
            </Typography.Text>
            <Radio.Group
              value={rejectionReason}
              onChange={(e) => setRejectionReason(e.target.value as string)}
              aria-label="驳回原因"
            >
              <Space orientation="vertical">
                {rejectionReasonOptions.map((o) => (
                  <Radio key={o.value} value={o.value}>
                    {o.label}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
            <Input.TextArea
              aria-label="补充说明"
              rows={2}
              maxLength={300}
              value={rejectNote}
              placeholder="补充说明（可选）"
              onChange={(e) => setRejectNote(e.target.value)}
              style={{ marginTop: 8 }}
            />
          </div>
        )}

        {formError && <Alert type="warning" showIcon title={formError} style={{ marginTop: 12 }} />}
        {decide.error && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            title={stale ? '工单已变更' : '提交失败'}
            description={errorMessage(decide.error)}
            action={
              stale ? (
                <Button size="small" onClick={onReload}>
                  重新加载工单
                </Button>
              ) : undefined
            }
          />
        )}

        {mode && (
          <Space style={{ marginTop: 12 }}>
            <Button
              data-confirm
              type="primary"
              danger={mode === 'reject'}
              loading={decide.isPending}
              disabled={!canDecide}
              onClick={submit}
            >
              {mode === 'approve' ? '确认通过' : mode === 'resubmit' ? '发送补正要求' : '确认驳回'}{' '}
              (Ctrl+Enter)
            </Button>
            <Button onClick={() => setMode(null)}>取消 (Esc)</Button>
          </Space>
        )}
      </div>
    </Card>
  );
}
