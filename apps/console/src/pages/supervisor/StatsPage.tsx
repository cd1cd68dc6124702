import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { errorMessage } from '../../api/errors';
import { useRetryLift, useStats } from '../../domains/supervision/hooks';
import type { Stats } from '../../domains/supervision/schemas';
import { formatDuration, formatPercent, formatTime } from '../../lib/format';

type DeadLetter = Stats['deadLetters'][number];
type AgentRow = Stats['perAgent'][number];

/** Queue depth and age, agent throughput, decision rates, lifts pending and dead-lettered (with retry). */
export default function StatsPage() {
  const stats = useStats();
  const retry = useRetryLift();
  const { message } = App.useApp();

  if (stats.error)
    return (
      <Alert
        type="error"
        showIcon
        title="无法加载队列统计"
        description={errorMessage(stats.error)}
      />
    );
  const s = stats.data;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          队列监控
        </Typography.Title>
        <Button
          icon={<ReloadOutlined />}
          loading={stats.isFetching}
          onClick={() => void stats.refetch()}
        >
          刷新（每 15 秒自动刷新）
        </Button>
      </Space>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Card loading={!s}>
            <Statistic title="待审核工单" value={s?.queueDepth} suffix="单" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={!s}>
            <Statistic
              title="最久等待"
              value={formatDuration(s && s.queueDepth > 0 ? s.oldestWaitingSeconds : null)}
              styles={{
                content: { color: (s?.oldestWaitingSeconds ?? 0) > 3600 ? '#cf1322' : undefined },
              }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={!s}>
            <Statistic title="复机处理中" value={s?.liftPending} suffix="个号码" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={!s}>
            <Statistic
              title="复机失败（死信）"
              value={s?.deadLetters.length}
              styles={{ content: { color: s && s.deadLetters.length > 0 ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Card title="今日决定分布" loading={!s} style={{ height: '100%' }}>
            {s && (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {(
                  [
                    ['通过', 'approved', 'approved', '#52c41a'],
                    ['要求补正', 'resubmit', 'resubmit', '#fa8c16'],
                    ['驳回', 'rejected', 'rejected', '#f5222d'],
                  ] as const
                ).map(([text, rate, count, color]) => (
                  <div key={rate} data-testid={`rate-${rate}`}>
                    {text} {formatPercent(s.rates[rate])}
                    <Typography.Text type="secondary">
                      （{s.decisionsToday[count]} 单）
                    </Typography.Text>
                    <Progress percent={s.rates[rate] * 100} showInfo={false} strokeColor={color} />
                  </div>
                ))}
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Card title="坐席处理量" loading={!s}>
            <Table<AgentRow>
              size="small"
              rowKey={(r) => r.agent.id}
              pagination={false}
              dataSource={s?.perAgent}
              locale={{ emptyText: '今日暂无处理记录' }}
              columns={[
                {
                  title: '坐席',
                  key: 'agent',
                  render: (_: unknown, r) => (
                    <Space size={4}>
                      <span>
                        {r.agent.displayName ?? r.agent.username ?? r.agent.id.slice(0, 8)}
                      </span>
                      {r.agent.username && (
                        <Typography.Text type="secondary">{r.agent.username}</Typography.Text>
                      )}
                    </Space>
                  ),
                },
                {
                  title: '近一小时',
                  dataIndex: 'decisionsLastHour',
                  sorter: (a, b) => a.decisionsLastHour - b.decisionsLastHour,
                  defaultSortOrder: 'descend',
                },
                {
                  title: '今日',
                  dataIndex: 'decisionsToday',
                  sorter: (a, b) => a.decisionsToday - b.decisionsToday,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title="复机失败的号码（已停止自动重试）" loading={!s}>
        {retry.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(retry.error)}
            style={{ marginBottom: 12 }}
          />
        )}
        <Table<DeadLetter>
          size="small"
          rowKey="id"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={s?.deadLetters}
          locale={{ emptyText: '没有复机失败的号码' }}
          columns={[
            { title: '号码', dataIndex: 'phone' },
            { title: '尝试次数', dataIndex: 'attempts' },
            { title: '最后错误', dataIndex: 'lastError', render: (v: string | null) => v ?? '—' },
            { title: '时间', dataIndex: 'at', render: (v: string) => formatTime(v) },
            {
              title: '操作',
              key: 'retry',
              render: (_: unknown, row) => (
                <Button
                  size="small"
                  loading={retry.isPending && retry.variables === row.id}
                  onClick={() =>
                    retry.mutate(row.id, {
                      onSuccess: () => void message.success('已重新加入复机队列'),
                    })
                  }
                >
                  重试
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
