import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Divider,
  Form,
  InputNumber,
  Radio,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errors';
import { usePolicy, useSavePolicy } from '../../domains/admin/hooks';
import type { AdminPolicy } from '../../domains/admin/schemas';
import {
  DEFAULT_CAPTURE_POLICY,
  DEFAULT_POLICY,
  validateCapturePolicy,
  validatePolicy,
  type CapturePolicy,
  type TenantPolicy,
} from '../../lib/domain';
import { PageSpin } from '../../components/PageSpin';

type FormValues = Omit<TenantPolicy, 'singleToDoubleDate'> & {
  singleToDoubleDate: Dayjs | null;
  capture?: CapturePolicy;
};

const toForm = (p: AdminPolicy): FormValues => ({
  ...p,
  singleToDoubleDate: p.singleToDoubleDate ? dayjs(p.singleToDoubleDate) : null,
});

/** The tenant's rules. Checked with the domain's validatePolicy before it is sent; the API checks again. */
export default function PolicyPage() {
  const policy = usePolicy();
  const save = useSavePolicy();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [invalid, setInvalid] = useState<string | null>(null);

  useEffect(() => {
    if (policy.data) form.setFieldsValue(toForm(policy.data));
  }, [policy.data, form]);

  if (policy.isPending) return <PageSpin />;
  if (policy.error)
    return (
      <Alert
        type="error"
        showIcon
        title="无法加载业务政策"
        description={errorMessage(policy.error)}
      />
    );

  // The capture rules (issue 8) are edited only when the API answers them.
  const hasCapture = !!policy.data?.capture;

  const onFinish = (v: FormValues) => {
    const candidate: TenantPolicy = {
      proxyAllowed: v.proxyAllowed,
      enterpriseAllowed: v.enterpriseAllowed,
      smsChannelEnabled: v.smsChannelEnabled,
      singleToDoubleDate: v.singleToDoubleDate ? v.singleToDoubleDate.format('YYYY-MM-DD') : null,
      doubleToCancelGraceDays: v.doubleToCancelGraceDays,
      perIdentityLimit: v.perIdentityLimit,
      minAge: v.minAge,
      resubmissionCap: v.resubmissionCap,
      retentionDays: v.retentionDays,
    };
    const checked = validatePolicy(candidate);
    if (!checked.ok) {
      setInvalid(checked.message);
      return;
    }
    let capture: CapturePolicy | undefined;
    if (hasCapture && v.capture) {
      const c = validateCapturePolicy({ ...v.capture });
      if (!c.ok) {
        setInvalid(c.message);
        return;
      }
      capture = c.value;
    }
    setInvalid(null);
    save.mutate(capture ? { ...checked.value, capture } : checked.value, {
      onSuccess: () => void message.success('业务政策已保存（已记入审计日志）'),
    });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 760 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        业务政策
      </Typography.Title>
      <Card>
        {invalid && <Alert type="error" showIcon title={invalid} style={{ marginBottom: 16 }} />}
        {save.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(save.error)}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form
          form={form}
          layout="horizontal"
          labelCol={{ span: 9 }}
          wrapperCol={{ span: 15 }}
          initialValues={toForm({ ...DEFAULT_POLICY, capture: DEFAULT_CAPTURE_POLICY })}
          onFinish={onFinish}
        >
          <Divider titlePlacement="start">办理方式</Divider>
          <Form.Item
            name="proxyAllowed"
            label="允许代办"
            valuePropName="checked"
            extra="关闭后，小程序不再接受新的代办申请。"
          >
            <Switch />
          </Form.Item>
          <Form.Item name="enterpriseAllowed" label="允许政企用户办理" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item
            name="smsChannelEnabled"
            label="短信渠道（40#姓名#身份证号）"
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Divider titlePlacement="start">停机升级</Divider>
          <Form.Item name="singleToDoubleDate" label="单停转双停日期" extra="留空表示尚未安排。">
            <DatePicker allowClear placeholder="未安排" />
          </Form.Item>
          <Form.Item
            name="doubleToCancelGraceDays"
            label="双停后销号宽限（天）"
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={3650} precision={0} />
          </Form.Item>
          <Divider titlePlacement="start">审核规则</Divider>
          <Form.Item
            name="perIdentityLimit"
            label="每证件号码上限"
            rules={[{ required: true }]}
            extra="全国上限为一证五号。"
          >
            <InputNumber min={1} max={5} precision={0} />
          </Form.Item>
          <Form.Item name="minAge" label="在线办理最低年龄" rules={[{ required: true }]}>
            <InputNumber min={0} max={18} precision={0} />
          </Form.Item>
          <Form.Item name="resubmissionCap" label="补正次数上限" rules={[{ required: true }]}>
            <InputNumber min={0} max={20} precision={0} />
          </Form.Item>
          <Form.Item
            name="retentionDays"
            label="证件照片保存期限（天）"
            rules={[{ required: true }]}
            extra="工单结束后到期自动删除。"
          >
            <InputNumber min={1} max={3650} precision={0} />
          </Form.Item>
          {hasCapture && <CaptureSection />}
          <Form.Item wrapperCol={{ offset: 9 }}>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </Space>
  );
}

/** The tenant's capture policy: what the photo checks at upload ask, and whether a failure blocks. */
function CaptureSection() {
  return (
    <>
      <Divider titlePlacement="start">拍照质量检查</Divider>
      <Form.Item
        name={['capture', 'qualityMode']}
        label="不合格照片的处理"
        rules={[{ required: true }]}
        extra="拦截：证件照片检查不合格时不能提交，用户须重拍；提醒：只提示用户重拍，仍可提交。"
      >
        <Radio.Group
          options={[
            { value: 'block', label: '拦截提交' },
            { value: 'warn', label: '只提醒' },
          ]}
        />
      </Form.Item>
      <Form.Item
        name={['capture', 'blurMin']}
        label="清晰度下限"
        rules={[{ required: true }]}
        extra="拉普拉斯方差（按长边 1000 像素计），低于此值判为模糊；0 表示不检查。"
      >
        <InputNumber min={0} max={5000} step={10} />
      </Form.Item>
      <Form.Item
        name={['capture', 'glareCellsMax']}
        label="允许的反光区域数"
        rules={[{ required: true }]}
        extra="证件分成 8 × 5 格，过曝格数超过此值判为反光。"
      >
        <InputNumber min={0} max={40} precision={0} />
      </Form.Item>
      <Form.Item
        name={['capture', 'minCardShare']}
        label="证件占画面比例下限"
        rules={[{ required: true }]}
        extra="0.35 即证件至少占画面的 35%，太小判为离得太远；0 表示不检查。"
      >
        <InputNumber min={0} max={0.9} step={0.05} />
      </Form.Item>
      <Form.Item
        name={['capture', 'minCardWidthPx']}
        label="证件宽度下限（像素）"
        rules={[{ required: true }]}
        extra="原始照片中证件的宽度，低于此值判为分辨率不足；0 表示不检查。"
      >
        <InputNumber min={0} max={4000} precision={0} />
      </Form.Item>
      <Form.Item
        name={['capture', 'duplicateQuota']}
        label="同一证件照片可重复使用次数"
        rules={[{ required: true }]}
        extra="同一身份的其他号码可以复用同一张身份证照片的次数，超过即提示坐席；用于其他身份时总会提示。"
      >
        <InputNumber min={0} max={5} precision={0} />
      </Form.Item>
    </>
  );
}
