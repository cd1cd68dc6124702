import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { Page } from '../../components/Page';
import { Field } from '../../components/form/Field';
import { useBranding } from '../../hooks/useBranding';
import { useNoticeCheck } from '../../hooks/useNoticeCheck';
import { callHotline } from '../../routes';
import './index.css';

const CHANNEL_WORDS = { sms: '短信', call: '电话', letter: '信件' } as const;

const SCAMS = [
  '运营商不会让您把钱转到任何“安全账户”。',
  '不要把短信验证码告诉任何打电话来的人，包括自称客服的人。',
  '实名登记不收费。要您交钱、买东西、下载软件的都是骗子。',
  '不要点陌生短信里的链接；只在运营商官方公众号里办理。',
];

export default function NoticeVerifyPage() {
  const n = useNoticeCheck();
  const branding = useBranding();
  const hotline = branding.status === 'ready' ? branding.branding.hotline : null;

  return (
    <Page title="这个通知是真的吗？">
      <View className="card">
        <View className="mode-switch">
          <Button
            type={n.mode === 'code' ? 'primary' : 'default'}
            size="large"
            onClick={() => n.setMode('code')}
          >
            按核验码查
          </Button>
          <Button
            type={n.mode === 'phone' ? 'primary' : 'default'}
            size="large"
            onClick={() => n.setMode('phone')}
          >
            按来电号码查
          </Button>
        </View>
        <Field
          name="notice"
          label={n.mode === 'code' ? '通知里的核验码' : '打给您的电话号码'}
          placeholder={n.mode === 'code' ? '短信或信件里写的核验码' : '例如 10086 或 0859-3221234'}
          type={n.mode === 'code' ? 'text' : 'tel'}
          maxLength={32}
          value={n.input}
          onChange={n.setInput}
          error={n.inputError}
        />
        <Button type="primary" block size="xlarge" loading={n.busy} onClick={() => void n.check()}>
          查一查
        </Button>
        {n.error ? (
          <View className="error-text" role="alert">
            {n.error}
          </View>
        ) : null}
      </View>

      {n.result ? (
        <View className={`card verdict ${n.result.genuine ? 'genuine' : 'fake'}`} role="status">
          <View className="card-title">
            {n.result.genuine ? '✓ 是运营商发出的真实通知' : '✗ 查不到这个通知，可能是诈骗'}
          </View>
          {n.result.genuine && n.result.channel ? (
            <View>
              通过{CHANNEL_WORDS[n.result.channel]}发出
              {n.result.sentAt ? `，时间 ${n.result.sentAt.slice(0, 10)}` : ''}
            </View>
          ) : null}
          <View>{n.result.advice}</View>
          <View className="actions">
            <Button block size="large" onClick={() => n.result && callHotline(n.result.hotline)}>
              拨打官方客服 {n.result.hotline} 确认
            </Button>
          </View>
        </View>
      ) : null}

      <View className="card">
        <View className="card-title">小心骗子</View>
        {SCAMS.map((s) => (
          <View key={s}>· {s}</View>
        ))}
        {hotline ? (
          <View className="muted">拿不准时，挂掉电话，自己拨打官方客服 {hotline} 问清楚。</View>
        ) : null}
      </View>
    </Page>
  );
}
