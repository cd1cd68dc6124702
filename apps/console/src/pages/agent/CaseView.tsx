import { Alert, App, Button, Card, Col, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../domains/auth/hooks';
import { useReleaseCase } from '../../domains/cases/hooks';
import type { ConsoleCase } from '../../domains/cases/schemas';
import { CASE_STATE_LABELS } from '../../lib/labels';
import { useShortcuts } from '../../lib/useShortcuts';
import { ApplicantPanel, NumberHistory } from './ApplicantPanel';
import { CaseFlags, type ReasonPick } from './CaseFlags';
import { DecisionPanel } from './DecisionPanel';
import { DocumentsPanel } from './DocumentsPanel';
import { LeaseCountdown } from './LeaseCountdown';
import { ShortcutLegend } from './ShortcutLegend';

export interface CaseViewProps {
  kase: ConsoleCase;
  onNext: () => void;
  nextPending: boolean;
  onReload: () => void;
  onReleased: () => void;
}

export function CaseView({ kase, onNext, nextPending, onReload, onReleased }: CaseViewProps) {
  const session = useSession();
  const { message } = App.useApp();
  const release = useReleaseCase();
  const [revealOpen, setRevealOpen] = useState(false);
  const [leaseExpired, setLeaseExpired] = useState(false);
  const [reasonPick, setReasonPick] = useState<ReasonPick | null>(null);

  const leaseMine = !!kase.lease && kase.lease.agentId === session?.agent.id;
  const canDecide = leaseMine && !leaseExpired && kase.state === 'in_review';
  const done = kase.state !== 'in_review' && kase.state !== 'submitted';

  const doRelease = () => {
    if (!leaseMine || release.isPending) return;
    release.mutate(kase.id, {
      onSuccess: () => {
        void message.info('已释放，工单回到队列');
        onReleased();
      },
    });
  };

  useShortcuts(
    {
      n: () => {
        if (!canDecide) onNext();
      },
      l: doRelease,
      v: () => {
        if (kase.applicant) setRevealOpen(true);
      },
    },
    !revealOpen,
  );

  const state = CASE_STATE_LABELS[kase.state];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Typography.Text type="secondary">工单</Typography.Text>
            <Typography.Text code copyable={{ text: kase.id }}>
              {kase.id.slice(0, 8)}
            </Typography.Text>
            <Tag color={state?.color}>{state?.text ?? kase.state}</Tag>
            {kase.lease && leaseMine && (
              <LeaseCountdown
                key={kase.lease.expiresAt}
                expiresAt={kase.lease.expiresAt}
                onExpire={() => setLeaseExpired(true)}
              />
            )}
            {kase.lease && !leaseMine && <Tag color="purple">由其他坐席处理中</Tag>}
          </Space>
          <Space>
            {leaseMine && !done && (
              <Button onClick={doRelease} loading={release.isPending}>
                释放工单 (L)
              </Button>
            )}
            <Button
              type={done || !canDecide ? 'primary' : 'default'}
              onClick={onNext}
              loading={nextPending}
              disabled={canDecide}
            >
              下一单 (N)
            </Button>
          </Space>
        </Space>
        {leaseExpired && leaseMine && !done && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            title="领取已过期，工单可能已被分配给其他坐席。请领取下一单。"
          />
        )}
        {release.error && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 8 }}
            title={errorMessage(release.error)}
          />
        )}
      </Card>

      <Row gutter={12}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <CaseFlags
              kase={kase}
              canDecide={canDecide}
              onPickReason={(p) => setReasonPick({ ...p })}
            />
            <Card size="small" title="证件材料（点击图片可放大、旋转）">
              <DocumentsPanel documents={kase.documents} />
            </Card>
            <Card size="small" title="号码状态记录">
              <NumberHistory kase={kase} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title="申请信息">
              <ApplicantPanel
                kase={kase}
                revealOpen={revealOpen}
                onRevealOpenChange={setRevealOpen}
              />
            </Card>
            <DecisionPanel
              kase={kase}
              canDecide={canDecide}
              onDecided={() => onNext()}
              onReload={onReload}
              shortcutsEnabled={!revealOpen}
              preset={reasonPick}
            />
          </Space>
        </Col>
      </Row>

      <Card size="small">
        <ShortcutLegend
          hints={[
            { keys: 'A', label: '通过', disabled: !canDecide },
            { keys: 'R', label: '要求补正', disabled: !canDecide },
            { keys: 'J', label: '驳回', disabled: !canDecide },
            { keys: 'Ctrl+Enter', label: '确认决定', disabled: !canDecide },
            { keys: 'Esc', label: '取消' },
            { keys: 'V', label: '查看明文' },
            { keys: 'L', label: '释放工单', disabled: !leaseMine },
            { keys: 'N', label: '下一单', disabled: canDecide },
            { keys: 'Tab / 空格', label: '在原因之间移动 / 勾选' },
          ]}
        />
      </Card>
    </Space>
  );
}
