import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Drawer, Progress, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { PageSpin } from '../../components/PageSpin';
import { useCampaign, useCampaigns } from '../../domains/campaigns/hooks';
import type { CampaignReport } from '../../domains/campaigns/schemas';
import { formatTime } from '../../lib/format';
import { formatCount } from '../../lib/operation-labels';
import { describeFilter } from './campaign-filter';
import { CampaignForm } from './CampaignForm';
import {
  CampaignActions,
  CampaignReportView,
  CampaignStatusTag,
  percentDone,
} from './CampaignReportView';

/** Reminder campaigns: the list with progress, a new one, and each one's report (/admin/campaigns/:id). */
export default function CampaignsPage() {
  const { campaignId } = useParams();
  const navigate = useNavigate();
  const campaigns = useCampaigns();
  const [creating, setCreating] = useState(false);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          提醒活动
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建活动
        </Button>
      </Space>
      <Card>
        {campaigns.error && (
          <Alert
            type="error"
            showIcon
            title="无法加载提醒活动"
            description={errorMessage(campaigns.error)}
            style={{ marginBottom: 12 }}
          />
        )}
        <Table<CampaignReport>
          rowKey="id"
          size="middle"
          loading={campaigns.isPending}
          dataSource={campaigns.data}
          locale={{ emptyText: '还没有提醒活动，点“新建活动”选择要提醒的未实名号码' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(c) => ({
            onClick: () => void navigate(`/admin/campaigns/${c.id}`),
            style: { cursor: 'pointer' },
          })}
          columns={[
            {
              title: '名称',
              dataIndex: 'name',
              render: (name: string, c) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Link>{name}</Typography.Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {describeFilter(c.filter)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              width: 110,
              render: (s: string) => <CampaignStatusTag status={s} />,
            },
            {
              title: '进度',
              width: 240,
              render: (_: unknown, c) => (
                <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                  <Progress
                    percent={percentDone(c)}
                    size="small"
                    status={c.status === 'running' ? 'active' : 'normal'}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatCount(c.done)} / {formatCount(c.total)}，已发送{' '}
                    {formatCount(c.counts.sent)}，失败 {formatCount(c.counts.failed)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '创建时间',
              dataIndex: 'createdAt',
              width: 180,
              render: (v: string) => formatTime(v),
            },
            {
              title: '操作',
              width: 120,
              render: (_: unknown, c) => (
                // The row opens the report; the buttons must not.
                <div onClick={(e) => e.stopPropagation()}>
                  <CampaignActions c={c} size="small" />
                </div>
              ),
            },
          ]}
        />
      </Card>
      <CampaignForm
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          void navigate(`/admin/campaigns/${c.id}`);
        }}
      />
      <CampaignDrawer id={campaignId} onClose={() => void navigate('/admin/campaigns')} />
    </Space>
  );
}

function CampaignDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const campaign = useCampaign(id);
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size="large"
      title={campaign.data?.name ?? '提醒活动'}
      destroyOnHidden
    >
      {campaign.error ? (
        <Alert
          type="error"
          showIcon
          title="无法加载这个活动"
          description={errorMessage(campaign.error)}
        />
      ) : campaign.data ? (
        <CampaignReportView c={campaign.data} />
      ) : (
        <PageSpin />
      )}
    </Drawer>
  );
}
