import { PhoneOutlined, SafetyCertificateOutlined } from '@ant-design/icons';

export interface PhonePreviewProps {
  displayName: string;
  officialAccountName: string;
  hotline: string;
  logoUrl: string | null;
  primaryColor: string;
  accentColor: string;
}

const SAFE_COLOR = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;
const color = (c: string, fallback: string) => (SAFE_COLOR.test(c) ? c : fallback);

/**
 * A phone-shaped sketch of the mini-program's home with the tenant's brand,
 * so an admin sees what subscribers will see before saving.
 */
export function PhonePreview(props: PhonePreviewProps) {
  const primary = color(props.primaryColor, '#1677ff');
  const accent = color(props.accentColor, '#faad14');
  return (
    <div
      aria-label="小程序首页预览"
      data-testid="phone-preview"
      style={{
        width: 280,
        height: 560,
        border: '10px solid #1f1f1f',
        borderRadius: 36,
        overflow: 'hidden',
        background: '#f5f5f5',
        boxShadow: '0 8px 24px rgba(0,0,0,.15)',
        display: 'flex',
        flexDirection: 'column',
        fontSize: 13,
      }}
    >
      <div style={{ height: 22, background: '#1f1f1f', display: 'flex', justifyContent: 'center' }}>
        <div style={{ width: 90, height: 14, background: '#000', borderRadius: '0 0 10px 10px' }} />
      </div>
      <div
        style={{
          background: primary,
          color: '#fff',
          padding: '10px 14px',
          textAlign: 'center',
          fontWeight: 600,
        }}
      >
        {props.officialAccountName || '公众号名称'}
      </div>
      <div style={{ background: primary, color: '#fff', padding: '18px 16px 24px' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
          {props.logoUrl ? (
            <img
              src={props.logoUrl}
              alt=""
              referrerPolicy="no-referrer"
              style={{
                width: 40,
                height: 40,
                borderRadius: 8,
                background: '#fff',
                objectFit: 'contain',
              }}
            />
          ) : (
            <div
              style={{
                width: 40,
                height: 40,
                borderRadius: 8,
                background: 'rgba(255,255,255,.25)',
                display: 'grid',
                placeItems: 'center',
              }}
            >
              <SafetyCertificateOutlined style={{ fontSize: 22 }} />
            </div>
          )}
          <div>
            <div style={{ fontSize: 18, fontWeight: 700 }}>{props.displayName || '运营商名称'}</div>
            <div style={{ opacity: 0.85 }}>手机号码实名登记</div>
          </div>
        </div>
      </div>
      <div style={{ padding: 14, marginTop: -14, flex: 1 }}>
        <div
          style={{
            background: '#fff',
            borderRadius: 10,
            padding: 14,
            boxShadow: '0 2px 6px rgba(0,0,0,.06)',
          }}
        >
          <div style={{ fontWeight: 600, marginBottom: 6 }}>您的号码尚未实名登记</div>
          <div style={{ color: '#595959', lineHeight: 1.6 }}>
            按国家规定，未实名的号码将被停机。请在线完成登记，审核通过后自动复机。
          </div>
          <div
            style={{
              marginTop: 12,
              background: accent,
              color: '#fff',
              textAlign: 'center',
              padding: '10px 0',
              borderRadius: 20,
              fontWeight: 600,
            }}
          >
            立即办理实名认证
          </div>
        </div>
        <div
          style={{
            background: '#fff',
            borderRadius: 10,
            padding: 12,
            marginTop: 10,
            color: '#595959',
          }}
        >
          收到的短信或电话是真的吗？<span style={{ color: primary }}>点此核实</span>
        </div>
      </div>
      <div
        style={{
          padding: '10px 14px',
          background: '#fff',
          borderTop: '1px solid #f0f0f0',
          textAlign: 'center',
          color: '#595959',
        }}
      >
        <PhoneOutlined /> 官方客服热线{' '}
        <strong style={{ color: primary }}>{props.hotline || '—'}</strong>
      </div>
    </div>
  );
}
