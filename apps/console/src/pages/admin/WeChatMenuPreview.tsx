import type { CSSProperties } from 'react';
import { Collapse, Descriptions, Tag, Typography } from 'antd';
import type { MenuLeaf, MenuTop, WeChatMenu } from '../../domains/wechat/schemas';

const isGroup = (b: MenuTop): b is { name: string; sub_button: MenuLeaf[] } =>
  'sub_button' in b && Array.isArray(b.sub_button);

const TYPE_LABELS: Record<string, string> = {
  miniprogram: '小程序',
  click: '点击事件',
  view: '网页',
};

const bar: CSSProperties = {
  display: 'flex',
  borderTop: '1px solid #d9d9d9',
  background: '#f7f7f7',
};
const cell: CSSProperties = {
  flex: 1,
  position: 'relative',
  textAlign: 'center',
  padding: '10px 4px',
  borderLeft: '1px solid #e5e5e5',
  fontSize: 14,
};
const popup: CSSProperties = {
  position: 'absolute',
  bottom: 'calc(100% + 8px)',
  left: 4,
  right: 4,
  background: '#fff',
  border: '1px solid #e5e5e5',
  borderRadius: 4,
  boxShadow: '0 1px 4px rgba(0,0,0,0.08)',
};

/** The menu as a subscriber sees it at the bottom of the chat: sub-menus open above their button. */
function MenuBar({ menu }: { menu: WeChatMenu }) {
  const tallest = Math.max(0, ...menu.button.map((b) => (isGroup(b) ? b.sub_button.length : 0)));
  return (
    <div
      style={{
        width: 320,
        maxWidth: '100%',
        border: '1px solid #d9d9d9',
        borderRadius: 12,
        overflow: 'hidden',
        background: '#ededed',
      }}
      aria-label="公众号菜单预览"
      role="group"
    >
      <div style={{ height: 40 + tallest * 41 }} />
      <div style={bar}>
        <div style={{ ...cell, flex: '0 0 40px', borderLeft: 'none', color: '#8c8c8c' }}>⌨</div>
        {menu.button.map((b) => (
          <div key={b.name} style={cell} data-testid="menu-top">
            {isGroup(b) && (
              <div style={popup}>
                {b.sub_button.map((s, i) => (
                  <div
                    key={s.name}
                    style={{
                      padding: '10px 4px',
                      borderTop: i === 0 ? 'none' : '1px solid #f0f0f0',
                    }}
                    data-testid="menu-sub"
                  >
                    {s.name}
                  </div>
                ))}
              </div>
            )}
            {isGroup(b) ? `≡ ${b.name}` : b.name}
          </div>
        ))}
      </div>
    </div>
  );
}

function LeafDetails({ b, parent }: { b: MenuLeaf; parent?: string }) {
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      style={{ marginBottom: 12 }}
      title={
        <span>
          {parent ? `${parent} → ` : ''}
          {b.name} <Tag>{TYPE_LABELS[b.type] ?? b.type}</Tag>
        </span>
      }
    >
      {b.appid && <Descriptions.Item label="小程序 AppID">{b.appid}</Descriptions.Item>}
      {b.pagepath && <Descriptions.Item label="小程序页面">{b.pagepath}</Descriptions.Item>}
      {b.url && (
        <Descriptions.Item label={b.type === 'miniprogram' ? '旧版微信打开的网页' : '网页'}>
          <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
            {b.url}
          </Typography.Text>
        </Descriptions.Item>
      )}
      {b.key && (
        <Descriptions.Item label="事件 key">
          {b.key}
          {b.key === 'SHIMING_HOTLINE' ? '（消息服务器回复客服热线）' : ''}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** The menu the API would publish: drawn as WeChat shows it, each button's target, and the JSON. */
export function WeChatMenuPreview({ menu }: { menu: WeChatMenu }) {
  return (
    <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap', alignItems: 'flex-start' }}>
      <MenuBar menu={menu} />
      <div style={{ flex: 1, minWidth: 320 }}>
        {menu.button.map((b) =>
          isGroup(b) ? (
            b.sub_button.map((s) => (
              <LeafDetails key={`${b.name}/${s.name}`} b={s} parent={b.name} />
            ))
          ) : (
            <LeafDetails key={b.name} b={b} />
          ),
        )}
        <Collapse
          size="small"
          items={[
            {
              key: 'json',
              label: '发送给微信的菜单 JSON',
              children: (
                <pre
                  style={{
                    margin: 0,
                    fontSize: 12,
                    whiteSpace: 'pre-wrap',
                    wordBreak: 'break-all',
                  }}
                >
                  {JSON.stringify(menu, null, 2)}
                </pre>
              ),
            },
          ]}
        />
      </div>
    </div>
  );
}
