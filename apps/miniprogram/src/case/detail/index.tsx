import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { Page } from '../../components/Page';
import { ErrorView, Loading } from '../../components/StateViews';
import { useAsync, useReloadOnShow } from '../../hooks/useAsync';
import { useBranding } from '../../hooks/useBranding';
import { api } from '../../services/api/endpoints';
import type { SubscriberCase } from '../../services/api/types';
import { CASE_STATE_WORDS, documentLabel } from '../../services/caseWords';
import { hasProvenNumber } from '../../services/session';
import { callHotline, go, replace, routes } from '../../routes';

async function loadCase(id: string | undefined): Promise<SubscriberCase | null> {
  if (id) return api.getCase(id);
  const all = await api.listCases();
  return all[0] ?? null;
}

export default function CaseDetailPage() {
  const { params } = useRouter();
  const proven = hasProvenNumber();
  const kase = useAsync(
    () => (proven ? loadCase(params.id) : Promise.resolve(null)),
    [params.id, proven],
  );
  useReloadOnShow(kase.reload);
  const branding = useBranding();
  const hotline = branding.status === 'ready' ? branding.branding.hotline : undefined;

  if (!proven) {
    return (
      <Page title="办理进度">
        <View className="card">先验证手机号，才能查看这个号码的办理进度。</View>
        <Button
          type="primary"
          block
          size="xlarge"
          onClick={() => replace(routes.prove, { next: 'status' })}
        >
          验证手机号
        </Button>
      </Page>
    );
  }
  if (kase.status === 'loading')
    return (
      <Page title="办理进度">
        <Loading />
      </Page>
    );
  if (kase.status === 'error')
    return (
      <Page title="办理进度">
        <ErrorView error={kase.error} onRetry={kase.reload} hotline={hotline} />
      </Page>
    );
  if (!kase.data) {
    return (
      <Page title="办理进度">
        <View className="card">这个号码还没有提交过实名登记。</View>
        <Button type="primary" block size="xlarge" onClick={() => go(routes.applicant)}>
          开始实名登记
        </Button>
      </Page>
    );
  }
  return (
    <Page title="办理进度">
      <CaseView kase={kase.data} hotline={hotline} onRefresh={kase.reload} />
    </Page>
  );
}

function CaseView({
  kase,
  hotline,
  onRefresh,
}: {
  kase: SubscriberCase;
  hotline?: string;
  onRefresh: () => void;
}) {
  const words = CASE_STATE_WORDS[kase.state];
  return (
    <View>
      <View className="card">
        <View className="muted">号码 {kase.phone}</View>
        <View className="card-title">{words.title}</View>
        <View>{words.text}</View>
        {kase.state === 'approved' ? (
          <View className={kase.numberState === 'active' ? 'ok-text' : ''}>
            {kase.numberState === 'active'
              ? '✓ 号码已恢复正常，可以打电话、发短信和上网了。'
              : '正在为您恢复通话，一般几分钟内完成。'}
          </View>
        ) : null}
      </View>

      {kase.state === 'needs_resubmission' && kase.resubmission ? (
        <View className="card">
          <View className="card-title">原因</View>
          {kase.resubmission.items.map((item, i) => (
            <View key={`${item.reason}-${i}`}>
              · {item.label}
              {item.document ? `（${documentLabel(item.document)}）` : ''}
            </View>
          ))}
          {kase.resubmission.message ? (
            <View className="muted">工作人员说：{kase.resubmission.message}</View>
          ) : null}
          <View className="card-title">需要重拍</View>
          {kase.resubmission.redo.map((k) => (
            <View key={k}>· {documentLabel(k)}</View>
          ))}
          <View className="muted">还可以补充 {kase.resubmissionsLeft} 次。</View>
          <View className="actions">
            <Button
              type="primary"
              block
              size="xlarge"
              onClick={() => go(routes.capture, { id: kase.id })}
            >
              只重拍这几张
            </Button>
          </View>
        </View>
      ) : null}

      {kase.state === 'rejected' && kase.rejection ? (
        <View className="card">
          <View className="card-title">原因：{kase.rejection.label}</View>
          {kase.rejection.message ? <View>{kase.rejection.message}</View> : null}
          <View className="actions">
            <Button
              type="primary"
              block
              size="xlarge"
              onClick={() => callHotline(kase.rejection?.hotline ?? hotline ?? '')}
            >
              拨打客服电话 {kase.rejection.hotline}
            </Button>
          </View>
        </View>
      ) : null}

      {kase.state === 'draft' ? (
        <Button
          type="primary"
          block
          size="xlarge"
          onClick={() => go(kase.consentVersion ? routes.capture : routes.consent, { id: kase.id })}
        >
          继续办理
        </Button>
      ) : null}

      <View className="actions">
        <Button block size="large" onClick={onRefresh}>
          刷新
        </Button>
        {hotline && kase.state !== 'rejected' ? (
          <Button block size="large" onClick={() => callHotline(hotline)}>
            有疑问？拨打 {hotline}
          </Button>
        ) : null}
      </View>
    </View>
  );
}
