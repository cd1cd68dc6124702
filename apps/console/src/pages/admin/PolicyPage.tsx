import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Divider,
  Form,
  InputNumber,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errors';
import { usePolicy, useSavePolicy } from '../../domains/admin/hooks';
import { DEFAULT_POLICY, validatePolicy, type TenantPolicy } from '../../lib/domain';
import { PageSpin } from '../../components/PageSpin';

type FormValues = Omit<TenantPolicy, 'singleToDoubleDate'> & { singleToDoubleDate: Dayjs | null };

const toForm = (p: TenantPolicy): FormValues => ({
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
    setInvalid(null);
    save.mutate(checked.value, {
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
          initialValues={toForm(DEFAULT_POLICY)}
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
