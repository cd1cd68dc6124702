import { WarningOutlined } from '@ant-design/icons';
import { Card, Empty, Image, Space, Tag, Typography } from 'antd';
import { useRef } from 'react';
import type { ConsoleDocument } from '../../domains/cases/schemas';
import { formatTime } from '../../lib/format';
import { documentKindLabel } from '../../lib/domain';
import { DOCUMENT_FLAG_LABELS, label } from '../../lib/labels';

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
              {d.flags.length === 0 ? (
                <Tag color="green">图像检查通过</Tag>
              ) : (
                d.flags.map((f) => (
                  <Tag key={f} color="warning" icon={<WarningOutlined />}>
                    {label(DOCUMENT_FLAG_LABELS, f)}
                  </Tag>
                ))
              )}
            </Space>
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
