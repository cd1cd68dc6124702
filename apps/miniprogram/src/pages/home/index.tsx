import { Image, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { Page } from '../../components/Page';
import { ErrorView, Loading } from '../../components/StateViews';
import { useBranding } from '../../hooks/useBranding';
import { hasProvenNumber } from '../../services/session';
import { callHotline, go, routes } from '../../routes';
import { deadlineText } from './deadline';
import './index.css';

export default function Home() {
  const branding = useBranding();

  const startRegistration = () =>
    hasProvenNumber()
      ? go(routes.status, { next: 'register' })
      : go(routes.prove, { next: 'register' });
  const checkStatus = () =>
    hasProvenNumber() ? go(routes.status) : go(routes.prove, { next: 'status' });

  return (
    <Page>
      {branding.status === 'loading' ? <Loading /> : null}
      {branding.status === 'error' ? (
        <ErrorView error={branding.error} onRetry={branding.reload} />
      ) : null}
      {branding.status === 'ready' ? (
        <View className="brand card">
          {branding.branding.logoUrl ? (
            <Image className="brand-logo" src={branding.branding.logoUrl} mode="aspectFit" />
          ) : null}
          <View>
            <View className="brand-name">{branding.branding.displayName}</View>
            <View className="muted">官方公众号：{branding.branding.officialAccountName}</View>
          </View>
        </View>
      ) : null}

      {branding.status === 'ready' ? (
        <View className="card deadline">
          <View className="card-title">请按时办理实名登记</View>
          <View>{deadlineText(branding.branding.policy, new Date())}</View>
        </View>
      ) : null}

      <View className="card">
        <View className="card-title">我要办理</View>
        <View className="actions">
          <Button type="primary" block size="xlarge" onClick={startRegistration}>
            实名认证
          </Button>
          <Button block size="large" onClick={checkStatus}>
            查询号码状态
          </Button>
          <Button block size="large" onClick={() => go(routes.notice)}>
            核实通知真伪
          </Button>
          <Button block size="large" fill="outline" onClick={() => go(routes.caseDetail)}>
            我的办理进度
          </Button>
        </View>
      </View>

      <View className="card">
        <View className="card-title">什么是实名登记？</View>
        <View>
          国家规定，每个电话号码都要登记机主的真实身份，防止坏人用别人的号码行骗。没有登记的号码会被停机。
        </View>
        <View className="card-title explain-gap">为什么在这里办是安全的？</View>
        <View>
          这是运营商公众号里的官方办理入口。您的身份证照片只用于这次登记，加密保存，工作人员看到的身份证号是打码的。
          办理不收任何费用，我们不会打电话向您要验证码、银行卡或转账。
        </View>
      </View>

      {branding.status === 'ready' ? (
        <View className="card">
          <View className="card-title">有疑问，打官方客服</View>
          <Button block size="large" onClick={() => callHotline(branding.branding.hotline)}>
            拨打 {branding.branding.hotline}
          </Button>
        </View>
      ) : null}
    </Page>
  );
}
