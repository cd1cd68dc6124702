import { WarningOutlined } from '@ant-design/icons';
import { Card, Empty, Image, Space, Tag, Typography } from 'antd';
import { useRef } from 'react';
import type { ConsoleDocument, DocumentQuality } from '../../domains/cases/schemas';
import { formatTime } from '../../lib/format';
import { documentKindLabel } from '../../lib/domain';
import {
  DOCUMENT_FLAG_LABELS,
  label,
  QUALITY_CHECK_LABELS,
  QUALITY_VERDICT_LABELS,
} from '../../lib/labels';

/**
 * The case's documents side by side. Click (or Enter on) an image for the
 * viewer with zoom and rotate. URLs are signed and short-lived, watermarked by
 * the server, and never cached (the API answers no-store).
 */
/** Seconds since the epoch at which a signed URL stops working (its `exp`), or 0 when unknown. */
function expiresAt(url: string): number {
  const exp = Number(new URL(url, 'http://x').searchParams.get('exp'));
  return Number.isFinite(exp) ? exp : 0;
}

/**
 * Every answer about a case carries freshly signed URLs. Swapping them in would make the browser
 * fetch (and the API audit) every image again on each refetch or decision: keep a document's URL
 * while it has more than 90 seconds left (the case is refetched every 4 minutes, URLs last 5).
 */
export function useStableDocumentUrls(documents: ConsoleDocument[]): ConsoleDocument[] {
  const kept = useRef(new Map<string, string>());
  const now = Date.now() / 1000;
  return documents.map((d) => {
    const old = kept.current.get(d.id);
    if (old && expiresAt(old) - now > 90) return { ...d, url: old };
    kept.current.set(d.id, d.url);
    return d;
  });
}

export function DocumentsPanel({ documents: fresh }: { documents: ConsoleDocument[] }) {
  const documents = useStableDocumentUrls(fresh);
  if (documents.length === 0) return <Empty description="没有上传材料" />;
  return (
    <Image.PreviewGroup>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        {documents.map((d) => (
          <Card
            key={d.id}
            size="small"
            title={documentKindLabel(d.kind)}
            style={{ flex: '1 1 200px', maxWidth: 420 }}
            styles={{ body: { padding: 8 } }}
          >
            <div
              style={{
                background: '#1f1f1f',
                display: 'grid',
                placeItems: 'center',
                height: 200,
                borderRadius: 4,
              }}
            >
              <Image
                src={d.url}
                alt={documentKindLabel(d.kind)}
                referrerPolicy="no-referrer"
                style={{ maxHeight: 200, maxWidth: '100%', objectFit: 'contain' }}
                fallback="data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='200' height='120'><text x='20' y='64' fill='%23999' font-size='14'>图片加载失败</text></svg>"
              />
            </div>
            <Space wrap size={4} style={{ marginTop: 8 }}>
              {d.quality ? (
                <Tag color={QUALITY_VERDICT_LABELS[d.quality.verdict]?.color}>
                  图像质量：{QUALITY_VERDICT_LABELS[d.quality.verdict]?.text ?? d.quality.verdict}
                </Tag>
              ) : null}
              {d.flags.length === 0 ? (
                d.quality ? null : (
                  <Tag color="green">图像检查通过</Tag>
                )
              ) : (
                d.flags.map((f) => (
                  <Tag key={f} color="warning" icon={<WarningOutlined />}>
                    {label(DOCUMENT_FLAG_LABELS, f)}
                  </Tag>
                ))
              )}
            </Space>
            {d.quality && <QualityScores quality={d.quality} kind={documentKindLabel(d.kind)} />}
            <Typography.Text
              type="secondary"
              style={{ display: 'block', fontSize: 12, marginTop: 4 }}
            >
              上传于 {formatTime(d.uploadedAt)}
            </Typography.Text>
          </Card>
        ))}
      </div>
    </Image.PreviewGroup>
  );
}

/** A score and what the tenant's policy asks of it, in the unit of its check. */
export function formatScore(code: string, score: number, threshold: number): string {
  switch (code) {
    case 'blur':
      return threshold > 0
        ? `${score.toFixed(1)}（要求 ≥ ${threshold}）`
        : `${score.toFixed(1)}（未启用）`;
    case 'glare':
      return `${score} 处（允许 ≤ ${threshold}）`;
    case 'framing': {
      const pct = (v: number) => `${Math.round(v * 100)}%`;
      return threshold > 0
        ? `占画面 ${pct(score)}（要求 ≥ ${pct(threshold)}）`
        : `占画面 ${pct(score)}`;
    }
    case 'resolution':
      return threshold > 0 ? `${score} px（要求 ≥ ${threshold} px）` : `${score} px（未启用）`;
    default:
      return `${score}（阈值 ${threshold}）`;
  }
}

/** Each check of a photo: its score against the policy's threshold and its verdict. */
function QualityScores({ quality, kind }: { quality: DocumentQuality; kind: string }) {
  return (
    <ul
      aria-label={`${kind}的图像质量`}
      style={{ listStyle: 'none', margin: '8px 0 0', padding: 0, fontSize: 12 }}
    >
      {quality.checks.map((c) => {
        const verdict = QUALITY_VERDICT_LABELS[c.verdict];
        return (
          <li
            key={c.code}
            title={c.message}
            style={{ display: 'flex', alignItems: 'center', gap: 6, marginTop: 2 }}
          >
            <span style={{ minWidth: 40 }}>{label(QUALITY_CHECK_LABELS, c.code)}</span>
            <Tag color={verdict?.color} style={{ marginInlineEnd: 0 }}>
              {verdict?.text ?? c.verdict}
            </Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatScore(c.code, c.score, c.threshold)}
            </Typography.Text>
          </li>
        );
      })}
    </ul>
  );
}
