import { useRouter } from '@tarojs/taro';
import { Page } from '../../components/Page';
import { ErrorView, Loading } from '../../components/StateViews';
import { useAsync } from '../../hooks/useAsync';
import { api } from '../../services/api/endpoints';
import { CaptureFlow } from './CaptureFlow';

export default function CapturePage() {
  const { params } = useRouter();
  const caseId = params.id ?? '';
  const kase = useAsync(() => (caseId ? api.getCase(caseId) : Promise.reject(new Error('no case'))), [caseId]);

  if (!caseId) return <Page title='拍摄证件'><ErrorView error='缺少办理编号，请从首页重新开始。' /></Page>;
  if (kase.status === 'loading') return <Page title='拍摄证件'><Loading /></Page>;
  if (kase.status === 'error') return <Page title='拍摄证件'><ErrorView error={kase.error} onRetry={kase.reload} /></Page>;
  return (
    <Page title='拍摄证件'>
      <CaptureFlow kase={kase.data} />
    </Page>
  );
}
