import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Row, Space, Statistic, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { errorMessage } from '../../api/errors';
import { useDashboard, useDownloadDashboardCsv } from '../../domains/admin/hooks';
import type { DateRange } from '../../domains/admin/fetchers';
import { formatPercent } from '../../lib/format';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Registered / single stop / double stop / cancelled, and the real-name rate over time against the national targets. */
export default function DashboardPage() {
  const [range, setRange] = useState<DateRange>({
    from: dayjs().subtract(60, 'day').format('YYYY-MM-DD'),
    to: dayjs().format('YYYY-MM-DD'),
  });
  const dashboard = useDashboard(range);
  const csv = useDownloadDashboardCsv();
  const { message } = App.useApp();
  const d = dashboard.data;
  const t96 = d?.targets.byOctoberEnd ?? 0.96;
  const t100 = d?.targets.byYearEnd ?? 1;
  const minRate = d && d.series.length ? Math.min(...d.series.map((s) => s.rate), t96) : 0.8;
  const yMin = Math.max(0, Math.floor((minRate - 0.02) * 20) / 20);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          实名率看板
        </Typography.Title>
        <Space wrap>
          <DatePicker.RangePicker
            allowClear={false}
            value={[range.from ? dayjs(range.from) : null, range.to ? dayjs(range.to) : null]}
            onChange={(v: [Dayjs | null, Dayjs | null] | null) =>
              setRange({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })
            }
          />
          <Button
            icon={<DownloadOutlined />}
            loading={csv.isPending}
            onClick={() =>
              csv.mutate(range, { onError: (e) => void message.error(errorMessage(e)) })
            }
          >
            导出 CSV
          </Button>
        </Space>
      </Space>
      {dashboard.error && (
        <Alert
          type="error"
          showIcon
          title="无法加载看板数据"
          description={errorMessage(dashboard.error)}
        />
      )}
      <Row gutter={16}>
        {[
          { title: '已实名', value: d?.current.registered, color: '#389e0d' },
          { title: '单停', value: d?.current.singleStop, color: '#d46b08' },
          { title: '双停', value: d?.current.doubleStop, color: '#cf1322' },
          { title: '已销号', value: d?.current.cancelled, color: '#8c8c8c' },
        ].map((c) => (
          <Col key={c.title} xs={12} md={6} lg={4}>
            <Card loading={dashboard.isPending}>
              <Statistic title={c.title} value={c.value} styles={{ content: { color: c.color } }} />
            </Card>
          </Col>
        ))}
        <Col xs={24} md={12} lg={8}>
          <Card loading={dashboard.isPending}>
            <Statistic
              title={`当前实名率（目标 ${formatPercent(t96, 0)} / ${formatPercent(t100, 0)}）`}
              value={d ? formatPercent(d.current.rate, 2) : '—'}
              styles={{ content: { color: d && d.current.rate >= t96 ? '#389e0d' : '#cf1322' } }}
            />
          </Card>
        </Col>
      </Row>
      <Card title="实名率走势" loading={dashboard.isPending}>
        {d && d.series.length === 0 ? (
          <Typography.Text type="secondary">所选时间段内没有数据</Typography.Text>
        ) : (
          <div style={{ width: '100%', height: 360 }} data-testid="rate-chart">
            <ResponsiveContainer>
              <LineChart data={d?.series ?? []} margin={{ top: 16, right: 48, left: 8, bottom: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="date" />
                <YAxis domain={[yMin, 1]} tickFormatter={pct} width={64} />
                <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} />
                <Legend />
                <ReferenceLine
                  y={t96}
                  stroke="#fa8c16"
                  strokeDasharray="6 4"
                  label={{
                    value: `目标 ${pct(t96)}（10月底）`,
                    position: 'insideTopRight',
                    fill: '#fa8c16',
                  }}
                />
                <ReferenceLine
                  y={t100}
                  stroke="#cf1322"
                  strokeDasharray="6 4"
                  label={{
                    value: `目标 ${pct(t100)}（年底）`,
                    position: 'insideBottomRight',
                    fill: '#cf1322',
                  }}
                />
                <Line
                  type="monotone"
                  dataKey="rate"
                  name="实名率"
                  stroke="#1677ff"
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
      </Card>
      <Card title="号码状态走势" loading={dashboard.isPending}>
        <div style={{ width: '100%', height: 300 }}>
          <ResponsiveContainer>
            <LineChart data={d?.series ?? []} margin={{ top: 16, right: 48, left: 8, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" />
              <YAxis width={72} />
              <Tooltip />
              <Legend />
              <Line
                type="monotone"
                dataKey="registered"
                name="已实名"
                stroke="#389e0d"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                type="monotone"
                dataKey="singleStop"
                name="单停"
                stroke="#d46b08"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                type="monotone"
                dataKey="doubleStop"
                name="双停"
                stroke="#cf1322"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                type="monotone"
                dataKey="cancelled"
                name="已销号"
                stroke="#8c8c8c"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </Card>
    </Space>
  );
}
