import {
  AuditOutlined,
  BarChartOutlined,
  BgColorsOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  LogoutOutlined,
  NotificationOutlined,
  SettingOutlined,
  TeamOutlined,
  WechatOutlined,
} from '@ant-design/icons';
import { App, Button, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { useEffect } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { setUnauthorizedHandler } from '../api/client';
import { hasRole, ROLE_LABELS } from '../api/session';
import { useLogout, useSession } from '../domains/auth/hooks';

export function AppLayout() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const { message } = App.useApp();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      void message.warning('登录已失效，请重新登录');
      void navigate('/login', { replace: true });
    });
  }, [navigate, message]);

  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const agent = session.agent;

  const items: MenuProps['items'] = [
    { key: '/review', icon: <FileSearchOutlined />, label: '审核工作台' },
    ...(hasRole(agent, 'supervisor')
      ? [
          { key: '/supervisor/stats', icon: <DashboardOutlined />, label: '队列监控' },
          { key: '/supervisor/audit', icon: <AuditOutlined />, label: '审计记录' },
          { key: '/admin/dashboard', icon: <BarChartOutlined />, label: '实名率看板' },
        ]
      : []),
    ...(hasRole(agent, 'carrier_admin')
      ? [
          { key: '/admin/imports', icon: <CloudUploadOutlined />, label: '号码导入' },
          { key: '/admin/campaigns', icon: <NotificationOutlined />, label: '提醒活动' },
          { key: '/admin/wechat', icon: <WechatOutlined />, label: '公众号' },
          { key: '/admin/branding', icon: <BgColorsOutlined />, label: '品牌设置' },
          { key: '/admin/policy', icon: <SettingOutlined />, label: '业务政策' },
          { key: '/admin/agents', icon: <TeamOutlined />, label: '坐席与角色' },
        ]
      : []),
  ];
  const selected = items
    .map((i) => String(i?.key))
    .filter((k) => location.pathname.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={200}
        breakpoint="lg"
        collapsedWidth={0}
        theme="light"
        style={{ borderRight: '1px solid #f0f0f0' }}
      >
        <div style={{ padding: '16px 20px' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            实名补登
          </Typography.Title>
          <Typography.Text type="secondary">{agent.tenant.displayName}</Typography.Text>
        </div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={(e) => void navigate(e.key)}
          style={{ borderInlineEnd: 'none' }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space>
            <span>{agent.displayName}</span>
            <Tag color="blue">{ROLE_LABELS[agent.role]}</Tag>
            <Button
              icon={<LogoutOutlined />}
              loading={logout.isPending}
              onClick={() =>
                logout.mutate(undefined, {
                  onSettled: () => void navigate('/login', { replace: true }),
                })
              }
            >
              退出
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
