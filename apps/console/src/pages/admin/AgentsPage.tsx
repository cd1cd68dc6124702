import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import { hasRole, ROLE_LABELS, type Role } from '../../api/session';
import { useSession } from '../../domains/auth/hooks';
import { useAgents, useCreateAgent, useUpdateAgent } from '../../domains/admin/hooks';
import type { ConsoleAgent, CreateAgentInput } from '../../domains/admin/schemas';
import { formatTime } from '../../lib/format';

const ASSIGNABLE: Role[] = ['agent', 'supervisor', 'carrier_admin'];

/** The tenant's console accounts: list, create, change role, disable. */
export default function AgentsPage() {
  const agents = useAgents();
  const create = useCreateAgent();
  const update = useUpdateAgent();
  const session = useSession();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CreateAgentInput>();
  // An account of a higher role than yours (the platform admin) is not yours to change: the API refuses it.
  const mayManage = (role: Role) => role !== 'platform_admin' && hasRole(session?.agent, role);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          坐席与角色
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          新建账号
        </Button>
      </Space>
      <Card>
        {agents.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(agents.error)}
            style={{ marginBottom: 12 }}
          />
        )}
        {update.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(update.error)}
            style={{ marginBottom: 12 }}
          />
        )}
        <Table<ConsoleAgent>
          rowKey="id"
          size="middle"
          loading={agents.isPending}
          dataSource={agents.data}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '用户名', dataIndex: 'username' },
            { title: '姓名', dataIndex: 'displayName' },
            {
              title: '角色',
              dataIndex: 'role',
              render: (role: Role, row) =>
                row.id === session?.agent.id || !mayManage(role) ? (
                  <Tag>{ROLE_LABELS[role]}</Tag>
                ) : (
                  <Select<Role>
                    size="small"
                    value={role}
                    style={{ width: 140 }}
                    aria-label={`${row.username}的角色`}
                    options={ASSIGNABLE.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
                    onChange={(r) =>
                      update.mutate(
                        { id: row.id, input: { role: r } },
                        { onSuccess: () => void message.success('角色已更新') },
                      )
                    }
                  />
                ),
            },
            {
              title: '状态',
              dataIndex: 'disabled',
              render: (disabled: boolean, row) => (
                <Space>
                  <Switch
                    size="small"
                    checked={!disabled}
                    disabled={row.id === session?.agent.id || !mayManage(row.role)}
                    aria-label={`${row.username}是否启用`}
                    loading={update.isPending && update.variables?.id === row.id}
                    onChange={(enabled) =>
                      update.mutate(
                        { id: row.id, input: { disabled: !enabled } },
                        {
                          onSuccess: () =>
                            void message.success(enabled ? '账号已启用' : '账号已停用'),
                        },
                      )
                    }
                  />
                  {disabled ? <Tag>已停用</Tag> : <Tag color="green">启用</Tag>}
                </Space>
              ),
            },
            {
              title: '创建时间',
              dataIndex: 'createdAt',
              render: (v: string) => formatTime(v),
            },
          ]}
        />
      </Card>
      <Modal
        title="新建账号"
        open={open}
        okText="创建"
        cancelText="取消"
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {create.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(create.error)}
            style={{ marginBottom: 12 }}
          />
        )}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ role: 'agent' }}
          onFinish={(v) =>
            create.mutate(v, {
              onSuccess: () => {
                void message.success('账号已创建');
                setOpen(false);
                form.resetFields();
              },
            })
          }
        >
          <Form.Item
            name="username"
            label="用户名"
            rules={[
              { required: true },
              { pattern: /^[a-z0-9._-]{3,40}$/, message: '3–40 位小写字母、数字或 . _ -' },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label="姓名（工号）"
            rules={[{ required: true, whitespace: true }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="role" label="角色" rules={[{ required: true }]}>
            <Select options={ASSIGNABLE.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
          </Form.Item>
          <Form.Item
            name="password"
            label="初始密码"
            rules={[{ required: true }, { min: 10, message: '至少 10 位' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
