import { Space, Typography } from 'antd';

export interface ShortcutHint {
  keys: string;
  label: string;
  disabled?: boolean;
}

const kbd: React.CSSProperties = {
  display: 'inline-block',
  minWidth: 22,
  padding: '0 6px',
  border: '1px solid #d9d9d9',
  borderBottomWidth: 2,
  borderRadius: 4,
  background: '#fafafa',
  fontFamily: 'ui-monospace, monospace',
  fontSize: 12,
  textAlign: 'center',
};

/** The visible legend of keyboard shortcuts, so a keyboard-only agent knows them. */
export function ShortcutLegend({ hints }: { hints: ShortcutHint[] }) {
  return (
    <Space wrap size={[16, 4]} aria-label="键盘快捷键" data-testid="shortcut-legend">
      {hints.map((h) => (
        <Typography.Text
          key={h.keys}
          type={h.disabled ? 'secondary' : undefined}
          style={{ fontSize: 12 }}
        >
          <kbd style={kbd}>{h.keys}</kbd> {h.label}
        </Typography.Text>
      ))}
    </Space>
  );
}
