import { PauseCircleOutlined, PlayCircleOutlined, SyncOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Popconfirm,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { errorMessage } from '../../api/errors';
import { usePauseCampaign, useStartCampaign } from '../../domains/campaigns/hooks';
import type { CampaignReport } from '../../domains/campaigns/schemas';
import { formatTime } from '../../lib/format';
import { label } from '../../lib/labels';
import {
  CAMPAIGN_REASON_LABELS,
  CAMPAIGN_STATUS_LABELS,
  CHANNEL_LABELS,
  formatCount,
} from '../../lib/operation-labels';
import { describeFilter } from './campaign-filter';

export const percentDone = (c: Pick<CampaignReport, 'done' | 'total'>) =>
  c.total === 0 ? 100 : Math.floor((c.done / c.total) * 100);

export function CampaignStatusTag({ status }: { status: string }) {
  const s = CAMPAIGN_STATUS_LABELS[status] ?? { text: status, color: 'default' };
  return (
    <Tag color={s.color} icon={status === 'running' ? <SyncOutlined spin /> : undefined}>
      {s.text}
    </Tag>
  );
}

/** Start (or resume) and pause, with a confirmation before anything is sent. */
export function CampaignActions({ c, size }: { c: CampaignReport; size?: 'small' }) {
  const start = useStartCampaign();
  const pause = usePauseCampaign();
  const { message } = App.useApp();
  const onError = (e: unknown) => void message.error(errorMessage(e));
  if (c.status === 'running')
    return (
      <Button
        size={size}
        icon={<PauseCircleOutlined />}
        loading={pause.isPending}
        onClick={() =>
          pause.mutate(c.id, {
            onSuccess: () => void message.success('已暂停：正在发送的这一批发完后停止'),
            onError,
          })
        }
      >
        暂停
      </Button>
    );
  if (c.status === 'ready' || c.status === 'paused') {
    const left = c.total - c.done;
    return (
      <Popconfirm
        title={c.status === 'ready' ? '开始发送提醒？' : '继续发送提醒？'}
        description={`将向 ${formatCount(left)} 个号码发送提醒（每秒不超过 ${formatCount(c.ratePerSecond)} 条），发出后无法撤回。`}
        okText={c.status === 'ready' ? '开始发送' : '继续发送'}
        cancelText="取消"
        onConfirm={() =>
          start.mutate(c.id, {
            onSuccess: () => void message.success('已开始发送'),
            onError,
          })
        }
      >
        <Button size={size} type="primary" icon={<PlayCircleOutlined />} loading={start.isPending}>
          {c.status === 'ready' ? '开始发送' : '继续发送'}
        </Button>
      </Popconfirm>
    );
  }
  return null;
}

interface ReasonRow {
  reason: string;
  count: number;
}
const reasonRows = (r: Record<string, number>): ReasonRow[] =>
  Object.entries(r)
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count);

function ReasonTable({
  title,
  rows,
  testId,
}: {
  title: string;
  rows: ReasonRow[];
  testId: string;
}) {
  return (
    <Card size="small" title={title} data-testid={testId}>
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" />
      ) : (
        <Table<ReasonRow>
          rowKey="reason"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            {
              title: '原因',
              dataIndex: 'reason',
              render: (r: string) => (
                <Space orientation="vertical" size={0}>
                  <span>{label(CAMPAIGN_REASON_LABELS, r)}</span>
                  {CAMPAIGN_REASON_LABELS[r] && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: '号码数',
              dataIndex: 'count',
              align: 'right',
              width: 100,
              render: formatCount,
            },
          ]}
        />
      )}
    </Card>
  );
}

/** Progress and report of one campaign: counts, per channel, failures and skips by reason. */
export function CampaignReportView({ c }: { c: CampaignReport }) {
  const channels = (['wechat', 'sms'] as const).map((ch) => ({ channel: ch, ...c.byChannel[ch] }));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="campaign-report">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space>
          <CampaignStatusTag status={c.status} />
          {c.status === 'running' && (
            <Typography.Text type="secondary">进度每 3 秒自动刷新</Typography.Text>
          )}
        </Space>
        <CampaignActions c={c} />
      </Space>
      <div>
        <Progress
          percent={percentDone(c)}
          status={c.status === 'running' ? 'active' : c.status === 'done' ? 'success' : 'normal'}
          aria-label="发送进度"
        />
        <Typography.Text type="secondary" data-testid="campaign-progress-text">
          已处理 {formatCount(c.done)} / {formatCount(c.total)} 个号码
        </Typography.Text>
      </div>
      <Row gutter={[12, 12]}>
        {[
          { key: 'sent', title: '已发送', value: c.counts.sent, color: '#389e0d' },
          { key: 'failed', title: '发送失败', value: c.counts.failed, color: '#cf1322' },
          { key: 'skipped', title: '跳过', value: c.counts.skipped, color: '#8c8c8c' },
          { key: 'pending', title: '待发送', value: c.counts.pending + c.counts.sending },
          { key: 'unknown', title: '结果不明', value: c.counts.unknown, color: '#d46b08' },
        ].map((s) => (
          <Col key={s.key} xs={12} md={8} lg={4}>
            <Card size="small" data-testid={`campaign-count-${s.key}`}>
              <Statistic
                title={s.title}
                value={s.value}
                styles={s.color && s.value > 0 ? { content: { color: s.color } } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {c.counts.unknown > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`${formatCount(c.counts.unknown)} 条提醒结果不明`}
          description="发送进程中断时这些提醒正在发送，可能已经送达。为避免重复打扰用户，系统不会重发。"
        />
      )}
      <Card size="small" title="按渠道">
        <Table
          rowKey="channel"
          size="small"
          pagination={false}
          dataSource={channels}
          columns={[
            {
              title: '渠道',
              dataIndex: 'channel',
              render: (ch: string) => label(CHANNEL_LABELS, ch),
            },
            { title: '已发送', dataIndex: 'sent', align: 'right', render: formatCount },
            { title: '失败', dataIndex: 'failed', align: 'right', render: formatCount },
            { title: '结果不明', dataIndex: 'unknown', align: 'right', render: formatCount },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <ReasonTable
            title="失败原因"
            rows={reasonRows(c.failedByReason)}
            testId="failed-reasons"
          />
        </Col>
        <Col xs={24} lg={12}>
          <ReasonTable
            title="跳过原因"
            rows={reasonRows(c.skippedByReason)}
            testId="skipped-reasons"
          />
        </Col>
      </Row>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label="选择条件" span={2}>
          {describeFilter(c.filter)}
        </Descriptions.Item>
        <Descriptions.Item label="发送速度">{formatCount(c.ratePerSecond)} 条/秒</Descriptions.Item>
        <Descriptions.Item label="创建时间">{formatTime(c.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="开始时间">{formatTime(c.startedAt)}</Descriptions.Item>
        <Descriptions.Item label="结束时间">{formatTime(c.finishedAt)}</Descriptions.Item>
      </Descriptions>
    </Space>
  );
}
