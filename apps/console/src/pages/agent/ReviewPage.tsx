import { InboxOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Result, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { useCase, useTakeNextCase } from '../../domains/cases/hooks';
import { useShortcuts } from '../../lib/useShortcuts';
import { CaseView } from './CaseView';
import { ShortcutLegend } from './ShortcutLegend';
import { PageSpin } from '../../components/PageSpin';

/** The review desk: take the next case, decide, and go straight on to the next one. */
export default function ReviewPage() {
  const { caseId } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const takeNext = useTakeNextCase();
  const kase = useCase(caseId);
  const [queueEmpty, setQueueEmpty] = useState(false);

  const next = useCallback(() => {
    if (takeNext.isPending) return;
    takeNext.mutate(undefined, {
      onSuccess: (c) => {
        if (c) {
          setQueueEmpty(false);
          void navigate(`/review/${c.id}`);
        } else {
          setQueueEmpty(true);
          void navigate('/review');
          void message.info('队列中暂无待审核的工单');
        }
      },
    });
  }, [takeNext, navigate, message]);

  useShortcuts({ n: next }, !caseId);

  if (!caseId) {
    return (
      <Card>
        <Result
          icon={queueEmpty ? <InboxOutlined /> : <ThunderboltOutlined />}
          title={queueEmpty ? '队列已清空' : '准备好审核了吗？'}
          subTitle={
            queueEmpty
              ? '目前没有待审核的工单，稍后再试。'
              : '领取后该工单由您独占处理，超时未处理将自动释放给其他坐席。'
          }
          extra={
            <Space orientation="vertical" align="center">
              <Button
                type="primary"
                size="large"
                loading={takeNext.isPending}
                onClick={next}
                autoFocus
              >
                领取下一单 (N)
              </Button>
              {takeNext.error && (
                <Alert type="error" showIcon title={errorMessage(takeNext.error)} />
              )}
              <ShortcutLegend
                hints={[
                  { keys: 'N', label: '领取下一单' },
                  { keys: 'A', label: '通过' },
                  { keys: 'R', label: '要求补正' },
                  { keys: 'J', label: '驳回' },
                  { keys: 'Ctrl+Enter', label: '确认' },
                  { keys: 'V', label: '查看明文' },
                  { keys: 'L', label: '释放' },
                ]}
              />
            </Space>
          }
        />
      </Card>
    );
  }

  if (kase.isPending) return <PageSpin />;
  if (kase.error || !kase.data)
    return (
      <Result
        status="warning"
        title="无法打开工单"
        subTitle={errorMessage(kase.error)}
        extra={
          <Button type="primary" onClick={next} loading={takeNext.isPending}>
            领取下一单
          </Button>
        }
      />
    );

  return (
    <>
      {takeNext.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(takeNext.error)}
          style={{ marginBottom: 12 }}
        />
      )}
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        审核工单
      </Typography.Title>
      <CaseView
        kase={kase.data}
        onNext={next}
        nextPending={takeNext.isPending}
        onReload={() => void kase.refetch()}
        onReleased={() => void navigate('/review')}
      />
    </>
  );
}
