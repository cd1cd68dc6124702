import { Alert, Card, Empty, Form, Input, Button, Space, Table, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { useAuditTrail } from '../../domains/cases/hooks';
import type { AuditEntry } from '../../domains/cases/schemas';
import { formatTime } from '../../lib/format';

const ACTION_LABELS: Record<string, string> = {
  'case.submitted': '用户提交',
  'case.claimed': '坐席领取',
  'case.released': '坐席释放',
  'case.lease_expired': '领取超时',
  'case.revealed': '查看明文',
  'case.approved': '通过',
  'case.resubmission_requested': '要求补正',
  'case.rejected': '驳回',
  'document.viewed': '查看材料',
  'lift.requested': '发起复机',
  'lift.succeeded': '复机成功',
  'lift.dead_lettered': '复机失败',
};

function detailText(detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  if (typeof detail === 'string') return detail;
  return JSON.stringify(detail);
}

/** The audit trail of one case (supervisor+). The case id is not personal data. */
export default function AuditPage() {
  const { caseId } = useParams();
  const navigate = useNavigate();
  const trail = useAuditTrail(caseId);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        工单审计记录
      </Typography.Title>
      <Card>
        <Form
          layout="inline"
          initialValues={{ id: caseId }}
          onFinish={(v: { id: string }) =>
            void navigate(`/supervisor/audit/${encodeURIComponent(v.id.trim())}`)
          }
        >
          <Form.Item
            name="id"
            label="工单编号"
            rules={[{ required: true, whitespace: true, message: '请输入工单编号' }]}
          >
            <Input style={{ width: 360 }} placeholder="完整工单编号" allowClear />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form>
      </Card>
      {caseId && (
        <Card>
          {trail.error ? (
            <Alert type="error" showIcon title={errorMessage(trail.error)} />
          ) : (
            <Table<AuditEntry>
              size="small"
              loading={trail.isPending}
              rowKey={(r) => `${r.at}-${r.action}-${r.actor}`}
              dataSource={trail.data}
              pagination={false}
              locale={{ emptyText: <Empty description="没有记录" /> }}
              columns={[
                {
                  title: '时间',
                  dataIndex: 'at',
                  width: 180,
                  render: (v: string) => formatTime(v),
                },
                { title: '操作人', dataIndex: 'actor', width: 160 },
                {
                  title: '操作',
                  dataIndex: 'action',
                  width: 140,
                  render: (v: string) => ACTION_LABELS[v] ?? v,
                },
                {
                  title: '详情',
                  dataIndex: 'detail',
                  render: (v: unknown) => (
                    <Typography.Text type="secondary">{detailText(v)}</Typography.Text>
                  ),
                },
              ]}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
