import {
  Alert,
  App,
  Button,
  Card,
  Col,
  ColorPicker,
  Divider,
  Form,
  Input,
  Row,
  Space,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { errorMessage } from '../../api/errors';
import { PhonePreview } from '../../components/PhonePreview';
import { useBranding, useSaveBranding } from '../../domains/admin/hooks';
import type { Branding, BrandingInput } from '../../domains/admin/schemas';
import { PageSpin } from '../../components/PageSpin';

interface FormValues {
  displayName: string;
  officialAccountName: string;
  region: string;
  hotline: string;
  logoUrl?: string;
  primaryColor: string | { toHexString(): string };
  accentColor: string | { toHexString(): string };
  consentVersion: string;
  consentTitle: string;
  consentText: string;
}

const toForm = ({ consent, ...b }: Branding): FormValues => ({
  displayName: b.displayName,
  officialAccountName: b.officialAccountName,
  region: b.region,
  hotline: b.hotline,
  logoUrl: b.logoUrl ?? '',
  primaryColor: b.primaryColor,
  accentColor: b.accentColor,
  consentVersion: consent.version,
  consentTitle: consent.title,
  consentText: consent.text,
});

const hex = (c: FormValues['primaryColor'] | undefined) =>
  typeof c === 'string' ? c : (c?.toHexString() ?? '');

/** The tenant's brand in the mini-program, with a live preview of its home page. */
export default function BrandingPage() {
  const branding = useBranding();
  const save = useSaveBranding();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const watched = Form.useWatch([], form) as Partial<FormValues> | undefined;

  useEffect(() => {
    if (branding.data) form.setFieldsValue(toForm(branding.data));
  }, [branding.data, form]);

  if (branding.isPending) return <PageSpin />;
  if (branding.error)
    return (
      <Alert
        type="error"
        showIcon
        title="无法加载品牌设置"
        description={errorMessage(branding.error)}
      />
    );

  const onFinish = (v: FormValues) => {
    const input: BrandingInput = {
      displayName: v.displayName.trim(),
      officialAccountName: v.officialAccountName.trim(),
      region: v.region.trim(),
      hotline: v.hotline.trim(),
      logoUrl: v.logoUrl?.trim() ? v.logoUrl.trim() : null,
      primaryColor: hex(v.primaryColor),
      accentColor: hex(v.accentColor),
      consent: {
        version: v.consentVersion.trim(),
        title: v.consentTitle.trim(),
        text: v.consentText.trim(),
      },
    };
    save.mutate(input, { onSuccess: () => void message.success('品牌设置已保存') });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        品牌设置
      </Typography.Title>
      <Row gutter={24}>
        <Col xs={24} lg={14}>
          <Card>
            {save.error && (
              <Alert
                type="error"
                showIcon
                title={errorMessage(save.error)}
                style={{ marginBottom: 16 }}
              />
            )}
            <Form form={form} layout="vertical" onFinish={onFinish}>
              <Form.Item label="租户编码">
                <Typography.Text code>{branding.data.code}</Typography.Text>
              </Form.Item>
              <Form.Item
                name="displayName"
                label="显示名称"
                rules={[{ required: true, whitespace: true, max: 60 }]}
              >
                <Input placeholder="如：黔西南联通" />
              </Form.Item>
              <Form.Item
                name="officialAccountName"
                label="公众号名称"
                rules={[{ required: true, whitespace: true, max: 60 }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="region"
                label="服务地区"
                rules={[{ required: true, whitespace: true }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="hotline"
                label="客服热线"
                rules={[
                  { required: true },
                  {
                    pattern: /^[0-9][0-9-]{2,19}$/,
                    message: '请输入数字热线（可含“-”），如 10010',
                  },
                ]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="logoUrl"
                label="Logo 地址"
                rules={[
                  { pattern: /^(https:\/\/|\/)\S+$/, message: '请使用 https:// 开头或站内路径' },
                ]}
              >
                <Input placeholder="https://…（可留空）" />
              </Form.Item>
              <Space size={32}>
                <Form.Item name="primaryColor" label="主色" rules={[{ required: true }]}>
                  <ColorPicker showText format="hex" />
                </Form.Item>
                <Form.Item name="accentColor" label="强调色" rules={[{ required: true }]}>
                  <ColorPicker showText format="hex" />
                </Form.Item>
              </Space>
              <Divider titlePlacement="start">身份证照片处理单独同意书</Divider>
              <Typography.Paragraph type="secondary">
                修改同意书的标题或正文时必须同时更换版本号；用户须重新同意新版本后才能提交。
              </Typography.Paragraph>
              <Form.Item
                name="consentVersion"
                label="版本号"
                rules={[{ required: true, whitespace: true, max: 40 }]}
              >
                <Input style={{ width: 200 }} />
              </Form.Item>
              <Form.Item
                name="consentTitle"
                label="标题"
                rules={[{ required: true, whitespace: true, max: 100 }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="consentText"
                label="正文"
                rules={[{ required: true, whitespace: true, max: 20000 }]}
              >
                <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} />
              </Form.Item>
              <Form.Item>
                <Space>
                  <Button type="primary" htmlType="submit" loading={save.isPending}>
                    保存
                  </Button>
                  {/* Back to what is saved (resetFields would empty the form: it has no initial values). */}
                  <Button onClick={() => form.setFieldsValue(toForm(branding.data))}>重置</Button>
                </Space>
              </Form.Item>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title="小程序首页预览">
            <div style={{ display: 'flex', justifyContent: 'center' }}>
              <PhonePreview
                displayName={watched?.displayName ?? ''}
                officialAccountName={watched?.officialAccountName ?? ''}
                hotline={watched?.hotline ?? ''}
                logoUrl={watched?.logoUrl?.trim() ? watched.logoUrl.trim() : null}
                primaryColor={hex(watched?.primaryColor)}
                accentColor={hex(watched?.accentColor)}
              />
            </div>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
