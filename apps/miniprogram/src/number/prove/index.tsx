import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { appConfig } from '../../config';
import { Page } from '../../components/Page';
import { Field } from '../../components/form/Field';
import { useBranding } from '../../hooks/useBranding';
import { useCountdown } from '../../hooks/useCountdown';
import { MAX_SMS_SENDS, useSmsProof } from '../../hooks/useSmsProof';
import { callHotline, replace, routes } from '../../routes';

export default function ProveNumber() {
  const { params } = useRouter();
  const next = params.next === 'register' ? 'register' : undefined;
  const proof = useSmsProof();
  const waiting = useCountdown(proof.resendAt);
  const branding = useBranding();
  const hotline = branding.status === 'ready' ? branding.branding.hotline : undefined;

  const done = (ok: boolean) => ok && replace(routes.status, { next });

  return (
    <Page title="先验证您的手机号">
      <View className="card">
        <View className="muted">
          需要登记哪个号码，就填哪个号码。只能接电话的号码（单停）也能收到验证码短信。
        </View>
        <Field
          label="手机号码"
          name="phone"
          type="tel"
          maxLength={13}
          value={proof.phone}
          onChange={proof.setPhone}
          placeholder="11 位手机号码"
          error={proof.phoneError}
        />
        <Button
          block
          size="large"
          disabled={!proof.canSend || waiting > 0}
          loading={proof.sending}
          onClick={() => void proof.sendCode()}
        >
          {waiting > 0
            ? `${waiting} 秒后可重新获取`
            : proof.sends > 0
              ? '重新获取验证码'
              : '获取验证码'}
        </Button>
        {proof.sends >= MAX_SMS_SENDS ? (
          <View className="muted">获取次数已用完，请过一会儿再试，或拨打客服电话。</View>
        ) : null}
        {proof.sends > 0 ? (
          <Field
            label="短信验证码"
            name="code"
            type="number"
            maxLength={8}
            value={proof.code}
            onChange={proof.setCode}
            placeholder="短信里的数字"
          />
        ) : null}
        {proof.error ? (
          <View className="error-text" role="alert">
            {proof.error}
          </View>
        ) : null}
        {proof.sends > 0 ? (
          <View className="actions">
            <Button
              type="primary"
              block
              size="xlarge"
              loading={proof.verifying}
              onClick={() => void proof.verify().then(done)}
            >
              验证并继续
            </Button>
          </View>
        ) : null}
      </View>

      {proof.remainingWays ? (
        <View className="card">
          <View className="card-title">这个号码现在收不到短信，您还可以这样办：</View>
          {proof.remainingWays.map((way) => (
            <View key={way}>· {way}</View>
          ))}
          {hotline ? (
            <View className="actions">
              <Button block size="large" onClick={() => callHotline(hotline)}>
                拨打客服电话 {hotline}
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}

      {appConfig.isWeapp ? (
        <View className="card">
          <View className="card-title">或者用微信绑定的手机号</View>
          <View className="muted">如果要登记的就是微信绑定的号码，可以一键验证。</View>
          <View className="actions">
            <Button
              block
              size="large"
              openType="getPhoneNumber"
              onGetPhoneNumber={(e) => {
                const code = (e.detail as { code?: string }).code;
                if (code) void proof.proveWithWechat(code).then(done);
              }}
            >
              使用微信手机号
            </Button>
          </View>
        </View>
      ) : null}
    </Page>
  );
}
