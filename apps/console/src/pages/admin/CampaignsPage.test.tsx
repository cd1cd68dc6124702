import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CampaignFilterInput } from '../../domains/campaigns/schemas';
import { campaignFactory, campaignPreviewFactory } from '../../test/admin-factories';
import { agentFactory, signIn } from '../../test/factories';
import { apiJson, mockFetch, type SentRequest } from '../../test/fetch-mock';
import { renderWithProviders } from '../../test/render';
import CampaignsPage from './CampaignsPage';

const page = (
  <Routes>
    <Route path="/admin/campaigns" element={<CampaignsPage />} />
    <Route path="/admin/campaigns/:campaignId" element={<CampaignsPage />} />
  </Routes>
);
const admin = () => signIn(agentFactory({ role: 'carrier_admin' }));
const running = campaignFactory({
  id: 'c-running',
  name: '10 月单停提醒',
  status: 'running',
  total: 1000,
  done: 400,
  startedAt: '2016-10-21T02:00:00.000Z',
  counts: { pending: 580, sending: 20, sent: 350, failed: 30, skipped: 15, unknown: 5 },
  byChannel: {
    wechat: { sent: 120, failed: 10, unknown: 2 },
    sms: { sent: 230, failed: 20, unknown: 3 },
  },
  failedByReason: { SMS_UNAVAILABLE: 20, WECHAT_REJECTED: 10 },
  skippedByReason: { fixed_line_no_follower: 10, double_stop_no_follower: 5 },
});

afterEach(() => vi.useRealTimers());

describe('CampaignsPage', { timeout: 120_000 }, () => {
  it('should list campaigns with their status, progress and selection', async () => {
    admin();
    mockFetch({
      'GET /api/console/admin/campaigns': apiJson(200, [
        running,
        campaignFactory({
          filter: {
            states: ['single_stop'],
            kinds: ['group_card'],
            regionCodes: ['522301'],
            maxDaysToEscalation: 7,
          },
        }),
      ]),
    });
    renderWithProviders(page, { route: '/admin/campaigns' });
    const row = (await screen.findByText('10 月单停提醒')).closest('tr')!;
    expect(within(row).getByText('发送中')).toBeInTheDocument();
    // States in their order of escalation, whatever order the filter holds them in.
    expect(row).toHaveTextContent('单停、双停 · 全部未实名类型 · 全部地区');
    expect(row).toHaveTextContent('400 / 1,000，已发送 350，失败 30');
    expect(within(row).getByRole('button', { name: /暂\s*停/ })).toBeInTheDocument();
    const ready = screen.getByText('11 月双停前提醒').closest('tr')!;
    expect(within(ready).getByText('待开始')).toBeInTheDocument();
    expect(ready).toHaveTextContent('单停 · 集团卡 · 兴义市（522301） · 7 天内将升级停机');
    expect(within(ready).getByRole('button', { name: /开始发送/ })).toBeInTheDocument();
  });

  it('should preview the count as the filter changes and create the campaign with that filter', async () => {
    admin();
    const previews: CampaignFilterInput[] = [];
    const created = campaignFactory({ id: 'c-new', name: '集团卡提醒', total: 900 });
    const { sent } = mockFetch({
      'GET /api/console/admin/campaigns': apiJson(200, []),
      'POST /api/console/admin/campaigns/preview': (req: SentRequest) => {
        const f = req.body as CampaignFilterInput;
        previews.push(f);
        return apiJson(
          200,
          f.kinds
            ? campaignPreviewFactory({
                total: 900,
                byState: { active: 0, single_stop: 900, double_stop: 0 },
              })
            : campaignPreviewFactory(),
        );
      },
      'POST /api/console/admin/campaigns': apiJson(201, created),
      'GET /api/console/admin/campaigns/c-new': apiJson(200, created),
    });
    const user = userEvent.setup();
    renderWithProviders(page, { route: '/admin/campaigns' });
    await user.click(await screen.findByRole('button', { name: /新建活动/ }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('按当前条件将选中 1,200 个号码')).toBeInTheDocument();
    expect(previews[0]).toEqual({ states: ['double_stop', 'single_stop'] });
    // Regions come from the numbers on file, with what each holds.
    await user.click(within(dialog).getByRole('combobox', { name: '地区' }));
    expect(await screen.findByText('兴义市（522301） · 900 个')).toBeInTheDocument();
    expect(screen.getByText('安龙县（522328） · 250 个')).toBeInTheDocument();
    expect(within(dialog).getByText(/另有 50 个号码在名单中没有地区代码/)).toBeInTheDocument();
    await user.click(screen.getByText('兴义市（522301） · 900 个'));
    // Close the drop-down (Escape would close the dialog too).
    await user.click(within(dialog).getByText('新建提醒活动'));

    await user.click(within(dialog).getByRole('checkbox', { name: '集团卡' }));
    await user.type(within(dialog).getByRole('spinbutton', { name: '距下一步停机天数' }), '7');
    expect(await within(dialog).findByText('按当前条件将选中 900 个号码')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('活动名称'), '集团卡提醒');
    await user.click(within(dialog).getByRole('button', { name: /创建活动/ }));

    await waitFor(() =>
      expect(
        sent.find((r) => r.method === 'POST' && r.url === '/api/console/admin/campaigns')?.body,
      ).toEqual({
        name: '集团卡提醒',
        states: ['double_stop', 'single_stop'],
        kinds: ['group_card'],
        regionCodes: ['522301'],
        maxDaysToEscalation: 7,
      }),
    );
    // The new campaign opens, ready to start.
    const report = await screen.findByTestId('campaign-report');
    expect(within(report).getByText('待开始')).toBeInTheDocument();
  });

  it('should not create a campaign that selects nothing', async () => {
    admin();
    const { sent } = mockFetch({
      'GET /api/console/admin/campaigns': apiJson(200, []),
      'POST /api/console/admin/campaigns/preview': apiJson(
        200,
        campaignPreviewFactory({
          total: 0,
          byState: { active: 0, single_stop: 0, double_stop: 0 },
        }),
      ),
    });
    const user = userEvent.setup();
    renderWithProviders(page, { route: '/admin/campaigns' });
    await user.click(await screen.findByRole('button', { name: /新建活动/ }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('按当前条件没有选中任何号码')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: /创建活动/ })).toBeDisabled();
    expect(sent.some((r) => r.url === '/api/console/admin/campaigns' && r.method === 'POST')).toBe(
      false,
    );
  });

  it('should start a campaign only after confirming how many numbers it reaches', async () => {
    admin();
    const ready = campaignFactory();
    const { sent } = mockFetch({
      'GET /api/console/admin/campaigns': apiJson(200, [ready]),
      [`GET /api/console/admin/campaigns/${ready.id}`]: apiJson(200, ready),
      [`POST /api/console/admin/campaigns/${ready.id}/start`]: apiJson(200, {
        ...ready,
        status: 'running',
        startedAt: '2016-10-21T02:00:00.000Z',
      }),
    });
    const user = userEvent.setup();
    renderWithProviders(page, { route: `/admin/campaigns/${ready.id}` });
    const report = await screen.findByTestId('campaign-report');
    await user.click(within(report).getByRole('button', { name: /开始发送/ }));
    expect(
      await screen.findByText(/将向 1,200 个号码发送提醒（每秒不超过 50 条）/),
    ).toBeInTheDocument();
    expect(sent.some((r) => r.url.endsWith('/start'))).toBe(false);
    const confirm = screen.getAllByRole('button', { name: /开始发送/ }).at(-1)!;
    await user.click(confirm);
    expect(await within(report).findByText('发送中')).toBeInTheDocument();
    expect(sent.filter((r) => r.url.endsWith('/start'))).toHaveLength(1);
    expect(within(report).getByText('进度每 3 秒自动刷新')).toBeInTheDocument();
  });

  it('should show the report: counts, per channel, failures and skips by reason, results not known', async () => {
    admin();
    mockFetch({
      'GET /api/console/admin/campaigns': apiJson(200, [running]),
      'GET /api/console/admin/campaigns/c-running': apiJson(200, running),
    });
    renderWithProviders(page, { route: '/admin/campaigns/c-running' });
    const report = await screen.findByTestId('campaign-report');
    expect(within(report).getByTestId('campaign-progress-text')).toHaveTextContent(
      '已处理 400 / 1,000 个号码',
    );
    expect(within(report).getByTestId('campaign-count-sent')).toHaveTextContent('350');
    expect(within(report).getByTestId('campaign-count-pending')).toHaveTextContent('600');
    const sms = within(report).getByText('短信').closest('tr')!;
    expect(sms).toHaveTextContent(/短信230203/);
    const failed = within(report).getByTestId('failed-reasons');
    expect(within(failed).getByText('短信网关暂时不可用').closest('tr')).toHaveTextContent('20');
    expect(within(failed).getByText('SMS_UNAVAILABLE')).toBeInTheDocument();
    const skipped = within(report).getByTestId('skipped-reasons');
    expect(within(skipped).getByText('固定电话，且未关注公众号').closest('tr')).toHaveTextContent(
      '10',
    );
    expect(within(report).getByText('5 条提醒结果不明')).toBeInTheDocument();
  });

  it('should refresh the progress while the campaign is sending and stop once it is done', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    admin();
    let calls = 0;
    const done = {
      ...running,
      status: 'done' as const,
      done: 1000,
      counts: { ...running.counts, pending: 0, sending: 0, sent: 950 },
      finishedAt: '2016-10-21T03:00:00.000Z',
    };
    mockFetch({
      'GET /api/console/admin/campaigns': apiJson(200, [running]),
      'GET /api/console/admin/campaigns/c-running': () =>
        apiJson(200, ++calls === 1 ? running : done),
    });
    renderWithProviders(page, { route: '/admin/campaigns/c-running' });
    const report = await screen.findByTestId('campaign-report');
    expect(within(report).getByText('发送中')).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(3000));
    expect(await within(report).findByText('已完成')).toBeInTheDocument();
    expect(within(report).getByTestId('campaign-progress-text')).toHaveTextContent('1,000 / 1,000');
    await act(() => vi.advanceTimersByTimeAsync(9000));
    expect(calls).toBe(2);
  });

  it('should pause a running campaign from the list without opening it', async () => {
    admin();
    const { sent } = mockFetch({
      'GET /api/console/admin/campaigns': apiJson(200, [running]),
      'POST /api/console/admin/campaigns/c-running/pause': apiJson(200, {
        ...running,
        status: 'paused',
      }),
    });
    const user = userEvent.setup();
    renderWithProviders(page, { route: '/admin/campaigns' });
    const row = (await screen.findByText('10 月单停提醒')).closest('tr')!;
    await user.click(within(row).getByRole('button', { name: /暂\s*停/ }));
    expect(await screen.findByText('已暂停：正在发送的这一批发完后停止')).toBeInTheDocument();
    expect(sent.filter((r) => r.url.endsWith('/pause'))).toHaveLength(1);
    expect(screen.queryByTestId('campaign-report')).toBeNull();
  });
});
