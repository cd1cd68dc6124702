import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { Page } from '../../components/Page';
import { ErrorView, Loading } from '../../components/StateViews';
import { useAsync } from '../../hooks/useAsync';
import { useSubmitCase } from '../../hooks/useSubmitCase';
import { api } from '../../services/api/endpoints';
import type { SubscriberCase } from '../../services/api/types';
import { APPLICANT_TYPE_WORDS, documentLabel, isCaseEditable } from '../../services/caseWords';
import { retakeLine } from '../../services/qualityWords';
import { go, replace, routes } from '../../routes';

export default function ReviewPage() {
  const { params } = useRouter();
  const caseId = params.id ?? '';
  const kase = useAsync(() => (caseId ? api.getCase(caseId) : Promise.resolve(null)), [caseId]);

  if (!caseId)
    return (
      <Page title="核对并提交">
        <ErrorView error="缺少办理编号，请从首页重新开始。" />
      </Page>
    );
  if (kase.status === 'loading')
    return (
      <Page title="核对并提交">
        <Loading />
      </Page>
    );
  if (kase.status === 'error')
    return (
      <Page title="核对并提交">
        <ErrorView error={kase.error} onRetry={kase.reload} />
      </Page>
    );
  if (!kase.data)
    return (
      <Page title="核对并提交">
        <ErrorView error="缺少办理编号，请从首页重新开始。" />
      </Page>
    );
  return (
    <Page title="核对并提交">
      <Summary kase={kase.data} />
    </Page>
  );
}

export function Summary({ kase }: { kase: SubscriberCase }) {
  const submitter = useSubmitCase(kase.id);
  const current = kase.documents.filter((d) => !d.stale);
  const uploaded = new Set(current.map((d) => d.kind));
  const missing = kase.requiredDocuments.filter((k) => !uploaded.has(k));
  // Photos the carrier will not accept as they are (quality failed, tenant blocks): retake first.
  const blocked = current.filter(
    (d) => d.quality?.blocking === true && kase.requiredDocuments.includes(d.kind),
  );
  const failedChecks = (d: (typeof blocked)[number]) =>
    (d.quality?.checks ?? []).filter((c) => c.verdict === 'fail').map((c) => c.code);

  const submit = async () => {
    const result = await submitter.submit();
    if (result) replace(routes.caseDetail, { id: result.id });
  };

  return (
    <View>
      <View className="card">
        <View className="card-title">登记信息</View>
        <View>号码：{kase.phone}</View>
        <View>办理方式：{APPLICANT_TYPE_WORDS[kase.applicantType]}</View>
        <View>姓名：{kase.applicant?.nameMasked ?? '未填写'}</View>
        <View>身份证号：{kase.applicant?.idNumberMasked ?? '未填写'}</View>
        <View className="muted">为保护您的信息，姓名和身份证号只显示一部分。</View>
      </View>
      <View className="card">
        <View className="card-title">照片</View>
        {kase.requiredDocuments.map((k) => {
          const bad = blocked.find((d) => d.kind === k);
          if (bad)
            return (
              <View key={k} className="error-text">
                ✗ 需要重拍：{retakeLine(k, failedChecks(bad))}
              </View>
            );
          return (
            <View key={k} className={uploaded.has(k) ? 'ok-text' : 'error-text'}>
              {uploaded.has(k) ? '✓' : '✗ 还没上传：'} {documentLabel(k)}
            </View>
          );
        })}
      </View>
      {!isCaseEditable(kase.state) ? (
        <View className="actions">
          <View className="ok-text">这份登记已经提交了。</View>
          <Button
            type="primary"
            block
            size="xlarge"
            onClick={() => replace(routes.caseDetail, { id: kase.id })}
          >
            查看办理进度
          </Button>
        </View>
      ) : blocked.length > 0 ? (
        <View className="actions">
          <Button
            type="primary"
            block
            size="xlarge"
            className="retake-btn"
            onClick={() =>
              go(routes.capture, { id: kase.id, retake: blocked.map((d) => d.kind).join(',') })
            }
          >
            {blocked.length === 1 ? `重拍${documentLabel(blocked[0]!.kind)}` : '去重拍照片'}
          </Button>
        </View>
      ) : missing.length > 0 || !kase.applicant ? (
        <View className="actions">
          <Button
            type="primary"
            block
            size="xlarge"
            onClick={() => go(routes.capture, { id: kase.id })}
          >
            去补全
          </Button>
        </View>
      ) : (
        <View className="actions">
          {submitter.error ? (
            <View className="error-text" role="alert">
              {submitter.error}
            </View>
          ) : null}
          {submitter.fix === 'retake' ? (
            <Button
              type="primary"
              block
              size="xlarge"
              className="retake-btn"
              onClick={() =>
                go(routes.capture, {
                  id: kase.id,
                  retake: submitter.retake.length > 0 ? submitter.retake.join(',') : undefined,
                })
              }
            >
              {submitter.retake.length === 1
                ? `重拍${documentLabel(submitter.retake[0]!)}`
                : '去重拍照片'}
            </Button>
          ) : submitter.fix === 'capture' ? (
            <Button
              type="primary"
              block
              size="xlarge"
              onClick={() => go(routes.capture, { id: kase.id })}
            >
              去补全
            </Button>
          ) : submitter.fix === 'consent' ? (
            <Button
              type="primary"
              block
              size="xlarge"
              onClick={() => go(routes.consent, { id: kase.id })}
            >
              重新阅读并同意
            </Button>
          ) : submitter.fix === 'case' ? (
            <Button
              type="primary"
              block
              size="xlarge"
              onClick={() => replace(routes.caseDetail, { id: kase.id })}
            >
              查看办理进度
            </Button>
          ) : (
            <Button
              type="primary"
              block
              size="xlarge"
              className="submit-btn"
              loading={submitter.busy}
              onClick={() => void submit()}
            >
              {submitter.error ? '再提交一次' : '确认无误，提交'}
            </Button>
          )}
          <Button block size="large" onClick={() => go(routes.capture, { id: kase.id })}>
            返回修改
          </Button>
        </View>
      )}
    </View>
  );
}
