import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { Page } from '../../components/Page';
import { ErrorView, Loading } from '../../components/StateViews';
import { useAsync, useReloadOnShow } from '../../hooks/useAsync';
import { useBranding } from '../../hooks/useBranding';
import { api } from '../../services/api/endpoints';
import { numberWords } from '../../services/numberWords';
import { hasProvenNumber } from '../../services/session';
import { callHotline, go, replace, routes } from '../../routes';
import './index.css';

export default function NumberStatusPage() {
  const { params } = useRouter();
  const proven = hasProvenNumber();
  const status = useAsync(() => (proven ? api.myNumber() : Promise.resolve(null)), [proven]);
  useReloadOnShow(status.reload);
  const branding = useBranding();
  const hotline = branding.status === 'ready' ? branding.branding.hotline : undefined;

  if (!proven) {
    return (
      <Page title="号码状态">
        <View className="card">先验证手机号，才能查看这个号码的状态。</View>
        <Button
          type="primary"
          block
          size="xlarge"
          onClick={() => replace(routes.prove, { next: params.next })}
        >
          验证手机号
        </Button>
      </Page>
    );
  }
  if (status.status === 'loading')
    return (
      <Page title="号码状态">
        <Loading />
      </Page>
    );
  if (status.status === 'error') {
    const needProof = status.error.status === 401 || status.error.status === 403;
    return (
      <Page title="号码状态">
        <ErrorView
          error={status.error}
          onRetry={needProof ? () => replace(routes.prove, { next: params.next }) : status.reload}
          hotline={hotline}
        />
      </Page>
    );
  }

  if (!status.data)
    return (
      <Page title="号码状态">
        <Loading />
      </Page>
    );
  const words = numberWords(status.data);
  return (
    <Page title="号码状态">
      <View className="card">
        <View className="muted">号码 {status.data.phone}</View>
        <View className="card-title state-title">{words.title}</View>
        <View>{words.explanation}</View>
        <View className="abilities">
          {words.abilities.map((a) => (
            <View key={a.label} className={`ability ${a.ok ? 'yes' : 'no'}`}>
              {a.ok ? '✓ 能' : '✗ 不能'}
              {a.label}
            </View>
          ))}
        </View>
        {words.escalation ? (
          <View className="escalation" role="alert">
            {words.escalation}
          </View>
        ) : null}
      </View>
      <View className="actions">
        {words.canRegister ? (
          <Button type="primary" block size="xlarge" onClick={() => go(routes.applicant)}>
            开始实名登记
          </Button>
        ) : null}
        <Button block size="large" onClick={() => go(routes.caseDetail)}>
          查看办理进度
        </Button>
        {status.data.state === 'cancelled' && hotline ? (
          <Button block size="large" onClick={() => callHotline(hotline)}>
            号码已注销？拨打 {hotline} 咨询
          </Button>
        ) : null}
      </View>
    </Page>
  );
}
