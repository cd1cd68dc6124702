import { useRouter } from '@tarojs/taro';
import { DOCUMENT_KINDS, type DocumentKind } from '@shiming/domain';
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
  // The photos a refused submission asked to retake (review page: PHOTO_QUALITY_FAILED).
  // WeChat may hand the query over still encoded (%2C); H5 decodes it.
  const retake = (params.retake ?? '')
    .split(/,|%2C/i)
    .filter((k): k is DocumentKind => Object.prototype.hasOwnProperty.call(DOCUMENT_KINDS, k));
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
  return (
    <Page title="拍摄证件">
      {kase.data ? <CaptureFlow kase={kase.data} retake={retake} /> : null}
    </Page>
  );
}
