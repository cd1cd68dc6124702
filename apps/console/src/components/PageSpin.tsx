import { Spin } from 'antd';

/** A page-sized loading indicator, centred (antd 6's Spin ignores display/margin on itself). */
export function PageSpin() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '120px 0' }}>
      <Spin size="large" />
    </div>
  );
}
