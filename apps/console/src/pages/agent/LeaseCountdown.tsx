import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useEffect, useState } from 'react';

function remaining(expiresAt: string): number {
  return Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
}

/** Time left on this agent's lease of the case; warns in the last minute. */
export function LeaseCountdown({
  expiresAt,
  onExpire,
}: {
  expiresAt: string;
  onExpire?: () => void;
}) {
  const [left, setLeft] = useState(() => remaining(expiresAt));
  useEffect(() => {
    setLeft(remaining(expiresAt));
    const t = setInterval(() => {
      const r = remaining(expiresAt);
      setLeft(r);
      if (r === 0) {
        clearInterval(t);
        onExpire?.();
      }
    }, 1000);
    return () => clearInterval(t);
  }, [expiresAt, onExpire]);
  const mm = String(Math.floor(left / 60)).padStart(2, '0');
  const ss = String(left % 60).padStart(2, '0');
  const color = left === 0 ? 'red' : left < 60 ? 'orange' : 'blue';
  return (
    <Tag
      icon={<ClockCircleOutlined />}
      color={color}
      role="timer"
      aria-label="领取剩余时间"
      style={{ fontSize: 14, padding: '2px 8px' }}
    >
      {left === 0 ? '领取已过期' : `领取剩余 ${mm}:${ss}`}
    </Tag>
  );
}
