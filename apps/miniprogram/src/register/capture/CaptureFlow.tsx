import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Button, Progress } from '@nutui/nutui-react-taro';
import { DOCUMENT_KINDS, type DocumentKind } from '@shiming/domain';
import { Field } from '../../components/form/Field';
import { useApplicantForm } from '../../hooks/useApplicantForm';
import { useCaptureFlow } from '../../hooks/useCaptureFlow';
import { useOcrPrefill, type OcrOffer } from '../../hooks/useOcrPrefill';
import type { PhotoQuality, SubscriberCase } from '../../services/api/types';
import {
  allUploaded,
  canKeep,
  docState,
  isReady,
  needsDecision,
  uploadedCount,
} from '../../services/captureFlow';
import { qualityAdvice, qualityHeadline } from '../../services/qualityWords';
import { replace, routes } from '../../routes';
import './index.css';

const GENERAL_TIPS = [
  '整张证件都在框里，四个角都看得见',
  '不要有灯光反光，不要用手指挡住文字',
  '身份证正面、反面都要拍',
];

function label(kind: DocumentKind): string {
  return DOCUMENT_KINDS[kind]?.label ?? kind;
}

/** Whether the name and ID number still need to be entered on this visit. */
function needsApplicant(kase: SubscriberCase): boolean {
  if (!kase.applicant) return true;
  return (
    kase.state === 'needs_resubmission' &&
    (kase.resubmission?.items.some((i) => !i.document) ?? false)
  );
}

interface FlowProps {
  kase: SubscriberCase;
  /** Photos to retake first (a submission refused for their quality). */
  retake?: readonly DocumentKind[];
}

export function CaptureFlow({ kase, retake = [] }: FlowProps) {
  const flow = useCaptureFlow(kase, undefined, retake);
  const form = useApplicantForm(kase.id, kase.applicantType);
  const [chooseError, setChooseError] = useState<string | null>(null);
  const { state } = flow;
  const kind = state.steps[state.current];
  const done = allUploaded(state);
  const askApplicant = needsApplicant(kase);
  const ocr = useOcrPrefill(kase.id, done && askApplicant);
  const [ocrUsed, setOcrUsed] = useState(false);
  const applyOcr = (offer: OcrOffer) => {
    if (offer.name) form.set('name', offer.name);
    if (offer.idNumber) form.set('idNumber', offer.idNumber);
    setOcrUsed(true);
    ocr.dismiss();
  };

  const choose = async (k: DocumentKind, source: 'camera' | 'album') =>
    setChooseError(await flow.choose(k, source));
  const next = async () => {
    if (askApplicant && !(await form.save())) return;
    replace(routes.review, { id: kase.id });
  };

  if (state.steps.length === 0) {
    return <View className="card">这次不需要再拍照片。</View>;
  }

  return (
    <View>
      <View className="muted">
        已上传 {uploadedCount(state)} / {state.steps.length} 张
        {kase.state === 'needs_resubmission' ? '（只需要重拍下面这几张）' : ''}
      </View>
      <View className="step-list">
        {state.steps.map((k, i) => (
          <View
            key={k}
            className={`step-chip${i === state.current ? ' current' : ''}${needsDecision(docState(state, k)) ? ' attention' : ''}`}
            onClick={() => flow.go(i)}
          >
            {isReady(docState(state, k))
              ? '✓ '
              : needsDecision(docState(state, k))
                ? '! '
                : `${i + 1}. `}
            {label(k)}
          </View>
        ))}
      </View>

      {kind && !done ? <CaptureStep kind={kind} flow={flow} onChoose={choose} /> : null}
      {chooseError ? (
        <View className="error-text" role="alert">
          {chooseError}
        </View>
      ) : null}

      {done ? (
        <View className="card">
          <View className="card-title ok-text">✓ 照片都上传好了</View>
          {askApplicant ? (
            <View>
              <View className="muted">请填写（或核对）下面的信息，要和身份证上一模一样。</View>
              {ocr.offer ? (
                <OcrOfferCard offer={ocr.offer} onUse={applyOcr} />
              ) : ocr.waiting ? (
                <View className="muted ocr-waiting">正在从证件照片识别姓名和身份证号…</View>
              ) : null}
              {ocrUsed ? (
                <View className="ocr-used" role="status">
                  已填入识别结果。请对照身份证逐字核对，有错直接改。
                </View>
              ) : null}
              {form.fields.map((f) => (
                <Field
                  key={f.key}
                  name={f.key}
                  label={f.label}
                  placeholder={f.placeholder}
                  type={f.idNumber ? 'idcard' : 'text'}
                  maxLength={f.idNumber ? 20 : 60}
                  value={form.values[f.key] ?? ''}
                  onChange={(v) => form.set(f.key, v)}
                  error={form.errorOf(f.key)}
                  hint={form.hintOf(f.key)}
                />
              ))}
            </View>
          ) : null}
          {form.error ? (
            <View className="error-text" role="alert">
              {form.error}
            </View>
          ) : null}
          <View className="actions">
            <Button
              type="primary"
              block
              size="xlarge"
              loading={form.saving}
              disabled={askApplicant && !form.complete}
              onClick={() => void next()}
            >
              下一步：核对信息
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}

/** "从证件识别：姓名 X，身份证号 Y" with one button that fills the fields (the subscriber still checks them). */
function OcrOfferCard({ offer, onUse }: { offer: OcrOffer; onUse: (o: OcrOffer) => void }) {
  return (
    <View className="ocr-offer">
      <View className="ocr-offer-title">从证件识别：</View>
      {offer.name ? <View className="ocr-value">姓名 {offer.name}</View> : null}
      {offer.idNumber ? (
        <View className="ocr-value">
          身份证号 <Text className="ocr-number">{offer.idNumber}</Text>
        </View>
      ) : (
        <View className="muted">身份证号没有认清，请自己填写。</View>
      )}
      <Button
        type="primary"
        block
        size="large"
        className="ocr-use-btn"
        onClick={() => onUse(offer)}
      >
        使用识别结果
      </Button>
    </View>
  );
}

interface StepProps {
  kind: DocumentKind;
  flow: ReturnType<typeof useCaptureFlow>;
  onChoose: (k: DocumentKind, source: 'camera' | 'album') => Promise<void>;
}

function CaptureStep({ kind, flow, onChoose }: StepProps) {
  const doc = docState(flow.state, kind);
  const info = DOCUMENT_KINDS[kind];
  const path = 'path' in doc ? doc.path : null;
  return (
    <View className="card" data-kind={kind}>
      <View className="card-title">拍：{label(kind)}</View>
      <View className="muted">{info?.hint}</View>
      {path ? (
        <Image className="preview" src={path} mode="aspectFit" />
      ) : (
        <View className={`frame${info?.isIdCard === false ? ' page-frame' : ''}`}>
          <View className="frame-text">
            {info?.isIdCard === false ? '整页放进框里' : '证件放在框里，四个角对齐'}
          </View>
        </View>
      )}
      {doc.status === 'empty' ? (
        <View>
          {GENERAL_TIPS.map((t) => (
            <View key={t} className="tip">
              · {t}
            </View>
          ))}
          <View className="actions">
            <Button
              type="primary"
              block
              size="xlarge"
              onClick={() => void onChoose(kind, 'camera')}
            >
              拍照
            </Button>
            <Button block size="large" onClick={() => void onChoose(kind, 'album')}>
              从相册选
            </Button>
          </View>
        </View>
      ) : null}
      {doc.status === 'chosen' ? (
        <View className="actions">
          <View className="muted">看看照片清楚吗？文字能看清、没有反光，就上传。</View>
          <Button
            type="primary"
            block
            size="xlarge"
            className="upload-btn"
            onClick={() => void flow.upload(kind)}
          >
            清楚，上传这张
          </Button>
          <Button block size="large" onClick={() => flow.retake(kind)}>
            不清楚，重拍
          </Button>
        </View>
      ) : null}
      {doc.status === 'uploading' ? (
        <View className="actions" aria-busy="true">
          <View>正在上传… {doc.progress}%</View>
          <Progress percent={doc.progress} showText={false} />
        </View>
      ) : null}
      {doc.status === 'failed' ? (
        <View className="actions">
          <View className="error-text" role="alert">
            上传没有成功：{doc.error}
          </View>
          <Button type="primary" block size="xlarge" onClick={() => void flow.upload(kind)}>
            重新上传
          </Button>
          <Button block size="large" onClick={() => flow.retake(kind)}>
            重拍
          </Button>
        </View>
      ) : null}
      {doc.status === 'uploaded' && doc.quality && needsDecision(doc) ? (
        <QualityVerdict
          quality={doc.quality}
          onRetake={() => {
            flow.retake(kind);
            void onChoose(kind, 'camera');
          }}
          onKeep={() => flow.keep(kind)}
        />
      ) : null}
      {doc.status === 'uploaded' && !needsDecision(doc) ? (
        <View className="actions">
          <View className="ok-text">
            {doc.quality?.verdict === 'pass' ? '✓ 照片清楚，已上传' : '✓ 这张已上传'}
          </View>
          <Button block size="large" onClick={() => flow.retake(kind)}>
            重拍这张
          </Button>
        </View>
      ) : null}
    </View>
  );
}

interface VerdictProps {
  quality: PhotoQuality;
  onRetake: () => void;
  onKeep: () => void;
}

/**
 * What the checks found, what to do, and the way on: retake (always), keep (a warning, or a
 * failure the tenant does not block on).
 */
function QualityVerdict({ quality, onRetake, onKeep }: VerdictProps) {
  const fail = quality.verdict === 'fail';
  return (
    <View className={`quality-box ${fail ? 'quality-fail' : 'quality-warn'}`} role="alert">
      <View className="quality-title">{qualityHeadline(quality)}</View>
      {qualityAdvice(quality).map((line) => (
        <View key={line} className="quality-advice">
          · {line}
        </View>
      ))}
      <View className="actions">
        <Button type="primary" block size="xlarge" className="retake-btn" onClick={onRetake}>
          重新拍摄
        </Button>
        {canKeep(quality) ? (
          <Button block size="large" className="keep-btn" onClick={onKeep}>
            仍然使用这张
          </Button>
        ) : null}
      </View>
    </View>
  );
}
