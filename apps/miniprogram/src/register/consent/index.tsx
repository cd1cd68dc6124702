import { ScrollView, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Button, Checkbox } from '@nutui/nutui-react-taro';
import { Page } from '../../components/Page';
import { ErrorView, Loading } from '../../components/StateViews';
import { useBranding } from '../../hooks/useBranding';
import { api } from '../../services/api/endpoints';
import { ApiError, toUserMessage } from '../../services/api/errors';
import { loadBranding } from '../../services/branding';
import { ensurePrivacyAuthorized } from '../../services/media';
import { go, replace, routes } from '../../routes';
import './index.css';

export default function ConsentPage() {
  const { params } = useRouter();
  const caseId = params.id ?? '';
  const branding = useBranding();
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [closed, setClosed] = useState(false);

  if (!caseId)
    return (
      <Page title="个人信息授权">
        <ErrorView error="缺少办理编号，请从首页重新开始。" />
      </Page>
    );
  if (branding.status === 'loading')
    return (
      <Page title="个人信息授权">
        <Loading />
      </Page>
    );
  if (branding.status === 'error')
    return (
      <Page title="个人信息授权">
        <ErrorView error={branding.error} onRetry={branding.reload} />
      </Page>
    );
  const { consent } = branding.branding;

  const agree = async () => {
    if (!agreed) {
      setError('请先勾选“我已阅读并同意”。');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.consent(caseId, consent.version);
      // WeChat asks for its own privacy authorisation before the camera opens.
      await ensurePrivacyAuthorized().catch(() => undefined);
      replace(routes.capture, { id: caseId });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONSENT_VERSION_OUTDATED') {
        // The carrier changed the text: show the new one and ask again.
        setAgreed(false);
        await loadBranding({ refresh: true });
      }
      if (err instanceof ApiError && err.code === 'CASE_NOT_EDITABLE') setClosed(true);
      setError(toUserMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={consent.title}>
      <View className="card">
        <ScrollView scrollY className="consent-text">
          {consent.text}
        </ScrollView>
        <View className="muted">版本 {consent.version}</View>
      </View>
      <View className="card agree-row">
        {/* The sentence is the checkbox's own label: a tap anywhere on it ticks the box. */}
        <Checkbox
          checked={agreed}
          onChange={(v: boolean) => {
            setAgreed(v);
            setError(null);
          }}
          label={
            <View className="agree-text">
              我已阅读并同意上面的说明，允许处理我的身份证照片用于这次实名登记
            </View>
          }
        />
      </View>
      {error ? (
        <View className="error-text" role="alert">
          {error}
        </View>
      ) : null}
      <View className="actions">
        {closed ? (
          <Button
            type="primary"
            block
            size="xlarge"
            onClick={() => go(routes.caseDetail, { id: caseId })}
          >
            查看办理进度
          </Button>
        ) : (
          <Button
            type="primary"
            block
            size="xlarge"
            disabled={!agreed}
            loading={busy}
            onClick={() => void agree()}
          >
            同意并继续
          </Button>
        )}
      </View>
    </Page>
  );
}
