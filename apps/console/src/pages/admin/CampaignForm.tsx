import {
  Alert,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/errors';
import { useCampaignPreview, useCreateCampaign } from '../../domains/campaigns/hooks';
import { SELECTABLE_STATES, type CampaignReport } from '../../domains/campaigns/schemas';
import { UNREGISTERED_KINDS, type UnregisteredKind } from '../../lib/domain';
import { formatCount } from '../../lib/operation-labels';
import { regionLabel } from '../../lib/region-label';
import { CAMPAIGN_STATE_LABELS, canonicalFilter } from './campaign-filter';

interface FormValues {
  name: string;
  states: string[];
  kinds: string[];
  regionCodes: string[];
  maxDaysToEscalation?: number | null;
  ratePerSecond?: number | null;
}

/** The filter asks the API again only once the admin stops changing it for a moment. */
function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** New campaign: which numbers (with the count they make now), its name and pace. */
export function CampaignForm({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (c: CampaignReport) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const create = useCreateCampaign();
  const watched = Form.useWatch([], form) as Partial<FormValues> | undefined;
  const filter = useMemo(
    () =>
      canonicalFilter({
        states: watched?.states,
        kinds: watched?.kinds,
        regionCodes: watched?.regionCodes,
        maxDaysToEscalation: watched?.maxDaysToEscalation,
      }),
    [watched?.states, watched?.kinds, watched?.regionCodes, watched?.maxDaysToEscalation],
  );
  const settled = useSettled(filter);
  const changing = JSON.stringify(settled) !== JSON.stringify(filter);
  // Only a filter that has stopped changing is counted (the form's first values included).
  const preview = useCampaignPreview(settled, open && watched !== undefined && !changing);
  const p = preview.data;
  const stale = preview.isFetching || changing;

  const regionOptions = (p?.byRegion ?? [])
    .filter((r): r is { regionCode: string; count: number } => r.regionCode !== null)
    .map((r) => ({
      value: r.regionCode,
      label: `${regionLabel(r.regionCode)} · ${formatCount(r.count)} 个`,
    }));
  const unplaced = p?.byRegion.find((r) => r.regionCode === null)?.count ?? 0;

  const onFinish = (v: FormValues) =>
    create.mutate(
      {
        name: v.name.trim(),
        ...filter,
        ...(typeof v.ratePerSecond === 'number' ? { ratePerSecond: v.ratePerSecond } : {}),
      },
      {
        onSuccess: (c) => {
          form.resetFields();
          onCreated(c);
        },
      },
    );

  return (
    <Modal
      title="新建提醒活动"
      open={open}
      width={720}
      okText="创建活动"
      cancelText="取消"
      okButtonProps={{ disabled: !p || p.total === 0 || stale }}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Typography.Paragraph type="secondary">
        从未实名号码中选出要提醒的号码：关注了公众号的用户收到模板消息，其余能收短信的号码收到短信；每条提醒都带核验码，用户可在小程序“核实通知”中辨别真伪。创建后不会立即发送，在活动详情中点“开始发送”。
      </Typography.Paragraph>
      {create.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(create.error)}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ states: ['single_stop', 'double_stop'], kinds: [], regionCodes: [] }}
        onFinish={onFinish}
      >
        <Form.Item
          name="name"
          label="活动名称"
          rules={[
            { required: true, whitespace: true, message: '请填写活动名称' },
            { max: 100, message: '最多 100 个字' },
          ]}
        >
          <Input placeholder="如：11 月双停前提醒" maxLength={100} />
        </Form.Item>
        <Form.Item
          name="states"
          label="号码状态"
          rules={[{ required: true, type: 'array', min: 1, message: '至少选择一种状态' }]}
        >
          <Checkbox.Group
            options={SELECTABLE_STATES.map((s) => ({ value: s, label: CAMPAIGN_STATE_LABELS[s] }))}
          />
        </Form.Item>
        <Form.Item name="kinds" label="未实名类型" extra="不选即全部类型">
          <Checkbox.Group
            options={(Object.keys(UNREGISTERED_KINDS) as UnregisteredKind[]).map((k) => ({
              value: k,
              label: UNREGISTERED_KINDS[k].label,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="regionCodes"
          label="地区"
          extra={
            unplaced > 0
              ? `不选即全部地区。另有 ${formatCount(unplaced)} 个号码在名单中没有地区代码，只有不选地区时才会选中。`
              : '不选即全部地区；括号内为行政区划代码，后面是符合其他条件的号码数。'
          }
        >
          <Select
            mode="multiple"
            allowClear
            placeholder="全部地区"
            options={regionOptions}
            optionFilterProp="label"
            aria-label="地区"
          />
        </Form.Item>
        <Space size={24} wrap align="start">
          <Form.Item
            name="maxDaysToEscalation"
            label="距下一步停机（天）"
            extra="只选单停将转双停、双停将销号的日期在这么多天内的号码；不填即不限"
          >
            <InputNumber
              min={0}
              max={3650}
              precision={0}
              placeholder="不限"
              style={{ width: 160 }}
              aria-label="距下一步停机天数"
            />
          </Form.Item>
          <Form.Item name="ratePerSecond" label="发送速度（条/秒）" extra="不填即系统默认速度">
            <InputNumber
              min={1}
              max={10000}
              precision={0}
              placeholder="默认"
              style={{ width: 160 }}
              aria-label="发送速度"
            />
          </Form.Item>
        </Space>
      </Form>
      <div data-testid="campaign-preview" aria-live="polite">
        {preview.error ? (
          <Alert
            type="error"
            showIcon
            title="无法统计号码"
            description={errorMessage(preview.error)}
          />
        ) : !p ? (
          <Skeleton active paragraph={{ rows: 1 }} />
        ) : (
          <Alert
            type={p.total === 0 ? 'warning' : 'info'}
            showIcon
            style={{ opacity: stale ? 0.6 : 1 }}
            title={
              p.total === 0
                ? '按当前条件没有选中任何号码'
                : `按当前条件将选中 ${formatCount(p.total)} 个号码`
            }
            description={
              <Descriptions size="small" column={3}>
                {SELECTABLE_STATES.map((s) => (
                  <Descriptions.Item key={s} label={CAMPAIGN_STATE_LABELS[s]}>
                    {formatCount(p.byState[s])}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            }
          />
        )}
      </div>
    </Modal>
  );
}
