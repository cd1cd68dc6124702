import { ReloadOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  Popconfirm,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { isApiError, errorMessage, ApiError } from '../../api/errors';
import { PageSpin } from '../../components/PageSpin';
import {
  useMenuPreview,
  useOfficialAccount,
  usePublishMenu,
  useSaveOfficialAccount,
} from '../../domains/wechat/hooks';
import type { OfficialAccount, OfficialAccountInput } from '../../domains/wechat/schemas';
import { formatTime } from '../../lib/format';
import { WECHAT_ERRCODE_MEANINGS } from '../../lib/operation-labels';
import { WeChatMenuPreview } from './WeChatMenuPreview';

interface FormValues {
  appId: string;
  appSecret?: string;
  token?: string;
  encodingAesKey?: string;
  clearAesKey?: boolean;
  originalId?: string;
  miniprogramAppId?: string;
  campaignTemplateId?: string;
}

const APP_ID = /^wx[0-9A-Za-z]{6,30}$/;
const blankToNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** "errcode 40166：小程序 AppID 无效或未关联到该公众号…", or null when WeChat is not the one refusing. */
export function wechatRefusal(e: unknown): { errcode: number; meaning: string } | null {
  if (!(e instanceof ApiError)) return null;
  const errcode = e.details['wechatErrcode'];
  if (typeof errcode !== 'number') return null;
  const theirs = typeof e.details['meaning'] === 'string' ? e.details['meaning'] : undefined;
  return { errcode, meaning: WECHAT_ERRCODE_MEANINGS[errcode] ?? theirs ?? '微信未说明原因' };
}

function WeChatError({ error, title }: { error: unknown; title: string }) {
  const refusal = wechatRefusal(error);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="wechat-error"
      title={refusal ? `${title}：微信返回 errcode ${refusal.errcode}` : title}
      description={
        refusal ? (
          <Space orientation="vertical" size={2}>
            <span>{refusal.meaning}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {errorMessage(error)}
            </Typography.Text>
          </Space>
        ) : (
          errorMessage(error)
        )
      }
    />
  );
}

const secretState = (set: boolean, text = '已设置') =>
  set ? <Tag color="green">{text}</Tag> : <Tag>未设置</Tag>;

function AccountForm({ account }: { account: OfficialAccount | null }) {
  const save = useSaveOfficialAccount();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const configured = account !== null;
  const clearAesKey = Form.useWatch('clearAesKey', form);

  useEffect(() => {
    form.setFieldsValue({
      appId: account?.appId ?? '',
      appSecret: '',
      token: '',
      encodingAesKey: '',
      clearAesKey: false,
      originalId: account?.originalId ?? '',
      miniprogramAppId: account?.miniprogramAppId ?? '',
      campaignTemplateId: account?.campaignTemplateId ?? '',
    });
  }, [account, form]);

  const onFinish = (v: FormValues) => {
    const input: OfficialAccountInput = {
      appId: v.appId.trim(),
      originalId: blankToNull(v.originalId),
      miniprogramAppId: blankToNull(v.miniprogramAppId),
      campaignTemplateId: blankToNull(v.campaignTemplateId),
    };
    // Secrets are write-only: a blank field keeps the stored one.
    if (v.appSecret?.trim()) input.appSecret = v.appSecret.trim();
    if (v.token?.trim()) input.token = v.token.trim();
    if (v.clearAesKey) input.encodingAesKey = null;
    else if (v.encodingAesKey?.trim()) input.encodingAesKey = v.encodingAesKey.trim();
    save.mutate(input, {
      onSuccess: () => void message.success('公众号配置已保存'),
      onError: (e) => {
        if (isApiError(e) && e.fields)
          form.setFields(
            Object.entries(e.fields).map(([name, msg]) => ({
              name: name as keyof FormValues,
              errors: [msg],
            })),
          );
      },
    });
  };

  const keep = configured ? '已设置，留空则不修改' : undefined;

  return (
    <Card title="公众号配置">
      {!configured && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="尚未配置公众号"
          description="填写公众平台“设置与开发 → 基本配置”中的 AppID、AppSecret，以及“服务器配置”中的 Token 和 EncodingAESKey。"
        />
      )}
      {save.error && !(isApiError(save.error) && save.error.fields) && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={errorMessage(save.error)}
        />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        style={{ maxWidth: 640 }}
        autoComplete="off"
      >
        <Form.Item
          name="appId"
          label="公众号 AppID"
          rules={[
            { required: true, message: '请填写公众号 AppID' },
            { pattern: APP_ID, message: 'AppID 以 wx 开头，由字母和数字组成' },
          ]}
        >
          <Input placeholder="wx…" />
        </Form.Item>
        <Form.Item
          name="appSecret"
          label={<Space>AppSecret {configured && secretState(account.secretSet)}</Space>}
          extra="只能写入，保存后不再显示"
          rules={[
            { required: !configured, message: '首次配置需要填写 AppSecret' },
            { min: 16, max: 64, message: 'AppSecret 长度为 16 到 64 位' },
          ]}
        >
          <Input.Password placeholder={keep} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="token"
          label={<Space>消息服务器 Token {configured && secretState(true)}</Space>}
          rules={[
            { required: !configured, message: '首次配置需要填写 Token' },
            { pattern: /^[A-Za-z0-9]{3,32}$/, message: 'Token 为 3 到 32 位字母或数字' },
          ]}
        >
          <Input.Password placeholder={keep} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="encodingAesKey"
          label={
            <Space>
              EncodingAESKey
              {configured &&
                (account.safeMode ? (
                  <Tag color="green">已设置（安全模式）</Tag>
                ) : (
                  <Tag>未设置（明文模式）</Tag>
                ))}
            </Space>
          }
          extra="公众平台选择“安全模式”时填写（43 位）"
          rules={[{ pattern: /^[A-Za-z0-9]{43}$/, message: 'EncodingAESKey 为 43 位字母或数字' }]}
        >
          <Input.Password
            placeholder={configured && account.safeMode ? '已设置，留空则不修改' : '明文模式不填'}
            autoComplete="new-password"
            disabled={!!clearAesKey}
          />
        </Form.Item>
        {configured && account.safeMode && (
          <Form.Item name="clearAesKey" valuePropName="checked" style={{ marginTop: -12 }}>
            <Checkbox>清除 EncodingAESKey，改用明文模式</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="originalId" label="原始 ID" extra="gh_ 开头，可选">
          <Input placeholder="gh_…" />
        </Form.Item>
        <Form.Item
          name="miniprogramAppId"
          label="关联的小程序 AppID"
          extra="菜单和提醒消息打开的小程序，须已在公众平台关联到该公众号；留空使用系统默认的小程序"
          rules={[{ pattern: APP_ID, message: '小程序 AppID 以 wx 开头' }]}
        >
          <Input placeholder="wx…" />
        </Form.Item>
        <Form.Item
          name="campaignTemplateId"
          label="提醒模板消息 ID"
          extra="提醒活动向关注用户发送的模板消息，模板需含 first、keyword1（号码）、keyword2（状态）、keyword3（下一步及日期）、remark 字段；留空则关注用户也改发短信"
        >
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存配置
        </Button>
      </Form>
      {account && (
        <Descriptions
          style={{ marginTop: 24, maxWidth: 800 }}
          size="small"
          column={1}
          bordered
          title="在公众平台填写"
        >
          <Descriptions.Item label="服务器地址（URL）">
            <Typography.Text copyable data-testid="callback-url">
              {account.callbackUrl}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="消息加解密方式">
            {account.safeMode ? '安全模式' : '明文模式'}
          </Descriptions.Item>
          <Descriptions.Item label="最近保存">{formatTime(account.updatedAt)}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

function MenuCard({ configured }: { configured: boolean }) {
  const preview = useMenuPreview(configured);
  const publish = usePublishMenu();
  const { message } = App.useApp();

  return (
    <Card
      title="自定义菜单"
      extra={
        configured && (
          <Space>
            <Button
              icon={<ReloadOutlined />}
              loading={preview.isFetching}
              onClick={() => void preview.refetch()}
            >
              刷新预览
            </Button>
            <Popconfirm
              title="发布菜单到微信？"
              description="将替换公众号当前的自定义菜单，约 5 分钟内对所有关注用户生效。"
              okText="发布"
              cancelText="取消"
              onConfirm={() =>
                publish.mutate(undefined, {
                  onSuccess: () => void message.success('菜单已发布到微信'),
                })
              }
              disabled={!preview.data}
            >
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={publish.isPending}
                disabled={!preview.data}
              >
                发布菜单
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      {!configured ? (
        <Empty description="保存公众号配置后可预览和发布菜单" />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            菜单由系统按本运营商的设置生成：“我要办理”下的实名认证和号码状态、“核实通知”打开小程序（旧版微信打开网页），“客服热线”由消息服务器回复热线号码。以下为预览，点“发布菜单”后才会提交给微信。
          </Typography.Text>
          {publish.error && <WeChatError error={publish.error} title="菜单发布失败" />}
          {publish.data?.published && !publish.isPending && (
            <Alert type="success" showIcon title="菜单已发布到微信" />
          )}
          {preview.error ? (
            <WeChatError error={preview.error} title="无法生成菜单" />
          ) : preview.data ? (
            <WeChatMenuPreview menu={preview.data} />
          ) : (
            <PageSpin />
          )}
        </Space>
      )}
    </Card>
  );
}

/** The tenant's WeChat official account: credentials (secrets write-only) and the custom menu. */
export default function OfficialAccountPage() {
  const account = useOfficialAccount();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        公众号
      </Typography.Title>
      {account.isPending ? (
        <PageSpin />
      ) : account.error ? (
        <Alert
          type="error"
          showIcon
          title="无法加载公众号配置"
          description={errorMessage(account.error)}
        />
      ) : (
        <>
          <AccountForm account={account.data} />
          <MenuCard configured={account.data !== null} />
        </>
      )}
    </Space>
  );
}
