import { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { Page } from '../../components/Page';
import { ErrorView, Loading } from '../../components/StateViews';
import { useAsync } from '../../hooks/useAsync';
import { api } from '../../services/api/endpoints';
import { replace, routes } from '../../routes';
import { isCaseEditable } from '../../services/caseWords';
import { CaptureFlow } from './CaptureFlow';

export default function CapturePage() {
  const { params } = useRouter();
  const caseId = params.id ?? '';
  const kase = useAsync(() => (caseId ? api.getCase(caseId) : Promise.resolve(null)), [caseId]);

  if (!caseId || (kase.status === 'ready' && !kase.data))
    return (
      <Page title="拍摄证件">
        <ErrorView error="缺少办理编号，请从首页重新开始。" />
      </Page>
    );
  if (kase.status === 'loading')
    return (
      <Page title="拍摄证件">
        <Loading />
      </Page>
    );
  if (kase.status === 'error')
    return (
      <Page title="拍摄证件">
        <ErrorView error={kase.error} onRetry={kase.reload} />
      </Page>
    );
  if (kase.data && !isCaseEditable(kase.data.state)) {
    return (
      <Page title="拍摄证件">
        <ErrorView error="这份登记已经提交，不用再拍照片了。" />
        <Button
          type="primary"
          block
          size="xlarge"
          onClick={() => replace(routes.caseDetail, { id: caseId })}
        >
          查看办理进度
        </Button>
      </Page>
    );
  }
  return <Page title="拍摄证件">{kase.data ? <CaptureFlow kase={kase.data} /> : null}</Page>;
}
