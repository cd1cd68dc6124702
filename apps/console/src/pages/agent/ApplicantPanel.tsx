import {
  CheckCircleFilled,
  EyeInvisibleOutlined,
  EyeOutlined,
  WarningFilled,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errors';
import { useReveal } from '../../domains/cases/hooks';
import type { ConsoleCase, Revealed } from '../../domains/cases/schemas';
import { formatTime } from '../../lib/format';
import { useShortcuts } from '../../lib/useShortcuts';
import {
  APPLICANT_TYPE_LABELS,
  NUMBER_HISTORY_CAUSE_LABELS,
  SERVICE_STATE_LABELS,
  SEX_LABELS,
  label,
} from '../../lib/labels';

const REVEAL_REASONS = [
  '核对证件照片与填写信息',
  '用户来电核实身份',
  '疑似冒用，需进一步核查',
  '其他',
];
const REVEAL_VISIBLE_MS = 60_000;

function Check({ ok, okText, failText }: { ok: boolean; okText: string; failText: string }) {
  return ok ? (
    <Space size={4}>
      <CheckCircleFilled style={{ color: '#52c41a' }} aria-label="通过" />
      {okText}
    </Space>
  ) : (
    <Space size={4}>
      <WarningFilled style={{ color: '#faad14' }} aria-label="警告" />
      <Typography.Text type="warning">{failText}</Typography.Text>
    </Space>
  );
}

export function ServiceStateTag({ state }: { state: string }) {
  const s = SERVICE_STATE_LABELS[state];
  return <Tag color={s?.color}>{s?.text ?? state}</Tag>;
}

/** Who applies, the masked identity (revealed on demand, with a reason, audited), the checks and the number. */
export function ApplicantPanel({
  kase,
  revealOpen,
  onRevealOpenChange,
}: {
  kase: ConsoleCase;
  revealOpen: boolean;
  onRevealOpenChange: (open: boolean) => void;
}) {
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const reveal = useReveal();
  const [form] = Form.useForm<{ preset: string; other?: string }>();

  // Cleartext lives only in this component, for a minute, and never for another case.
  useEffect(() => setRevealed(null), [kase.id]);
  useEffect(() => {
    if (!revealed) return undefined;
    const t = setTimeout(() => setRevealed(null), REVEAL_VISIBLE_MS);
    return () => clearTimeout(t);
  }, [revealed]);

  // In the dialog, Ctrl+Enter confirms (the reason preselected), as it confirms a decision.
  useShortcuts({ 'mod+Enter': () => form.submit() }, revealOpen);

  const a = kase.applicant;
  const { checks } = kase;
  const submitReveal = (v: { preset: string; other?: string }) => {
    const reason = v.preset === '其他' ? (v.other ?? '').trim() : v.preset;
    reveal.mutate(
      { id: kase.id, reason },
      {
        onSuccess: (r) => {
          setRevealed(r);
          onRevealOpenChange(false);
          form.resetFields();
        },
      },
    );
  };

  return (
    <>
      <Descriptions
        size="small"
        column={1}
        bordered
        styles={{ label: { width: 110 } }}
        items={[
          {
            key: 'type',
            label: '办理类型',
            children: APPLICANT_TYPE_LABELS[kase.applicantType] ?? kase.applicantType,
          },
          {
            key: 'phone',
            label: '号码',
            children: (
              <Space>
                <Typography.Text code>{kase.phone}</Typography.Text>
                <ServiceStateTag state={kase.numberState} />
              </Space>
            ),
          },
          {
            key: 'name',
            label: '姓名',
            children: a ? (
              revealed ? (
                <Typography.Text strong>{revealed.name}</Typography.Text>
              ) : (
                a.nameMasked
              )
            ) : (
              '未填写'
            ),
          },
          {
            key: 'id',
            label: '证件号码',
            children: a ? (
              <Space wrap>
                <Typography.Text code data-testid="id-number">
                  {revealed ? revealed.idNumber : a.idNumberMasked}
                </Typography.Text>
                {revealed ? (
                  <Button
                    size="small"
                    icon={<EyeInvisibleOutlined />}
                    onClick={() => setRevealed(null)}
                  >
                    隐藏
                  </Button>
                ) : (
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    onClick={() => onRevealOpenChange(true)}
                  >
                    查看明文 (V)
                  </Button>
                )}
              </Space>
            ) : (
              '未填写'
            ),
          },
          ...(a
            ? [
                {
                  key: 'person',
                  label: '性别 / 年龄 / 籍贯',
                  children: [
                    a.sex ? label(SEX_LABELS, a.sex) : '—',
                    a.age !== null ? `${a.age} 岁` : '—',
                    a.region ?? '—',
                  ].join(' / '),
                },
              ]
            : []),
          {
            key: 'checks',
            label: '系统校验',
            children: (
              <Space orientation="vertical" size={2}>
                <Check
                  ok={checks.idNumber === 'ok'}
                  okText="证件号码校验通过"
                  failText="证件号码校验未通过（校验位/日期/地区）"
                />
                <Check
                  ok={checks.age === 'ok'}
                  okText="年龄符合要求"
                  failText="年龄不符合办理要求"
                />
                <Check
                  ok={checks.quota.ok}
                  okText={`本运营商名下号码 ${checks.quota.count}/${checks.quota.limit}`}
                  failText={`本运营商名下号码 ${checks.quota.count}/${checks.quota.limit}，已超出上限`}
                />
              </Space>
            ),
          },
          { key: 'resub', label: '补正次数', children: kase.resubmissionCount },
          { key: 'submitted', label: '提交时间', children: formatTime(kase.submittedAt) },
        ]}
      />

      <Modal
        title="查看证件明文"
        open={revealOpen}
        okText="确认查看 (Ctrl+Enter)"
        cancelText="取消"
        confirmLoading={reveal.isPending}
        onOk={() => form.submit()}
        onCancel={() => onRevealOpenChange(false)}
        destroyOnHidden
      >
        <Alert
          type="info"
          showIcon
          title="查看姓名与证件号码明文将被记录到审计日志（含您的工号、时间和原因）。"
          style={{ marginBottom: 16 }}
        />
        {reveal.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(reveal.error)}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form
          form={form}
          layout="vertical"
          onFinish={submitReveal}
          initialValues={{ preset: REVEAL_REASONS[0] }}
        >
          <Form.Item
            name="preset"
            label="查看原因"
            rules={[{ required: true, message: '请选择原因' }]}
          >
            <Radio.Group>
              <Space orientation="vertical">
                {REVEAL_REASONS.map((r) => (
                  <Radio key={r} value={r}>
                    {r}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(p, n) => p.preset !== n.preset}>
            {({ getFieldValue }) =>
              getFieldValue('preset') === '其他' ? (
                <Form.Item
                  name="other"
                  label="具体原因"
                  rules={[{ required: true, whitespace: true, message: '请填写原因' }]}
                >
                  <Input.TextArea rows={2} maxLength={200} autoFocus />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The number's suspension and lift history, oldest first. */
export function NumberHistory({ kase }: { kase: ConsoleCase }) {
  return kase.numberHistory.length === 0 ? (
    <Typography.Text type="secondary">无记录</Typography.Text>
  ) : (
    <Timeline
      items={kase.numberHistory.map((h) => ({
        content: (
          <span>
            {formatTime(h.at)}　{h.from ? <ServiceStateTag state={h.from} /> : null}→{' '}
            <ServiceStateTag state={h.to} />
            <Typography.Text type="secondary">
              {label(NUMBER_HISTORY_CAUSE_LABELS, h.cause)}
            </Typography.Text>
          </span>
        ),
      }))}
    />
  );
}
