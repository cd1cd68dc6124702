import { Alert, Card, Empty, Form, Input, Button, Space, Table, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { useAuditTrail } from '../../domains/cases/hooks';
import type { AuditActor, AuditEntry } from '../../domains/cases/schemas';
import { formatTime } from '../../lib/format';

/** The actions the API writes to a case's trail (apps/api: audit.append). */
const ACTION_LABELS: Record<string, string> = {
  'case.create': '用户创建工单',
  'document.upload': '用户上传材料',
  'case.applicant': '用户填写身份信息',
  'case.consent': '用户同意授权',
  'case.submit': '用户提交',
  'case.resubmit': '用户重新提交',
  'case.withdraw': '用户撤回',
  'case.claim': '坐席领取',
  'case.release': '坐席释放',
  'case.view': '坐席查看工单',
  'document.view': '坐席查看材料',
  'case.reveal': '查看明文',
  'case.decision': '审核决定',
  'number.lift_confirmed': '复机成功',
  'lift.retry': '重试复机',
  'case.notified': '已通知用户',
  'case.notify_skipped': '未通知用户',
  'case.retention_purge': '到期删除材料',
  'sms.inbound': '短信渠道提交',
};
const DECISION_LABELS: Record<string, string> = {
  approve: '通过',
  resubmit: '要求补正',
  reject: '驳回',
};
const ACTOR_TYPE_LABELS: Record<string, string> = {
  agent: '坐席',
  subscriber: '用户',
  system: '系统',
  cli: '运维命令',
};

function actionText(e: AuditEntry): string {
  const decision = e.detail?.['decision'];
  if (e.action === 'case.decision' && typeof decision === 'string')
    return `${ACTION_LABELS[e.action]}：${DECISION_LABELS[decision] ?? decision}`;
  return ACTION_LABELS[e.action] ?? e.action;
}

function actorText(a: AuditActor): string {
  const who = ACTOR_TYPE_LABELS[a.type] ?? a.type;
  // A subscriber's id is a WeChat openid: show only its tail.
  return a.username
    ? `${who} ${a.username}`
    : a.type === 'subscriber'
      ? `${who} …${a.id.slice(-6)}`
      : who;
}

function detailText(detail: AuditEntry['detail']): string {
  if (!detail || Object.keys(detail).length === 0) return '';
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('　');
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
              rowKey={(r) => `${r.at}|${r.action}|${r.actor.id}|${detailText(r.detail)}`}
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
                {
                  title: '操作人',
                  dataIndex: 'actor',
                  width: 200,
                  render: (a: AuditActor) => actorText(a),
                },
                {
                  title: '操作',
                  key: 'action',
                  width: 160,
                  render: (_: unknown, r) => actionText(r),
                },
                {
                  title: '详情',
                  dataIndex: 'detail',
                  render: (v: AuditEntry['detail']) => (
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
