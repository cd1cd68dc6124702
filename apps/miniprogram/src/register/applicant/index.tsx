import { View } from '@tarojs/components';
import { useState } from 'react';
import { Button } from '@nutui/nutui-react-taro';
import { DOCUMENT_KINDS, requiredDocuments, type ApplicantType } from '@shiming/domain';
import { Page } from '../../components/Page';
import { ErrorView, Loading } from '../../components/StateViews';
import { useBranding } from '../../hooks/useBranding';
import { typeAvailability, useStartCase } from '../../hooks/useStartCase';
import { go, replace, routes } from '../../routes';
import './index.css';

export default function ApplicantPage() {
  const branding = useBranding();
  const [chosen, setChosen] = useState<ApplicantType>('self');
  const starter = useStartCase();

  if (branding.status === 'loading')
    return (
      <Page title="谁来办理">
        <Loading />
      </Page>
    );
  if (branding.status === 'error')
    return (
      <Page title="谁来办理">
        <ErrorView error={branding.error} onRetry={branding.reload} />
      </Page>
    );

  const { policy, displayName } = branding.branding;
  const options = typeAvailability(policy, displayName);

  const next = async () => {
    const outcome = await starter.start(chosen);
    if (outcome?.kind === 'created') replace(routes.consent, { id: outcome.caseId });
    if (outcome?.kind === 'already-open') go(routes.caseDetail, { id: outcome.caseId });
  };

  return (
    <Page title="谁来办理？">
      {options.map((o) => (
        <View
          key={o.type}
          className={`card option${chosen === o.type ? ' chosen' : ''}${o.allowed ? '' : ' unavailable'}`}
          role="radio"
          aria-checked={chosen === o.type}
          aria-disabled={!o.allowed}
          onClick={() => o.allowed && setChosen(o.type)}
        >
          <View className="card-title">
            {chosen === o.type ? '◉ ' : '○ '}
            {o.label}
          </View>
          <View className="muted">{o.who}</View>
          {o.reason ? <View className="error-text">{o.reason}</View> : null}
        </View>
      ))}

      <View className="card">
        <View className="card-title">需要准备</View>
        {requiredDocuments(chosen).map((k) => (
          <View key={k}>· {DOCUMENT_KINDS[k].label}</View>
        ))}
      </View>

      {starter.error ? (
        <View className="error-text" role="alert">
          {starter.error}
        </View>
      ) : null}
      <View className="actions">
        <Button
          type="primary"
          block
          size="xlarge"
          loading={starter.busy}
          onClick={() => void next()}
        >
          下一步
        </Button>
      </View>
    </Page>
  );
}
