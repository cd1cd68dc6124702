import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { menuFactory, officialAccountFactory } from '../../test/admin-factories';
import { agentFactory, signIn } from '../../test/factories';
import { apiError, apiJson, mockFetch, type SentRequest } from '../../test/fetch-mock';
import { renderWithProviders } from '../../test/render';
import OfficialAccountPage from './OfficialAccountPage';

const admin = () => signIn(agentFactory({ role: 'carrier_admin' }));
const menuAnswer = (req: SentRequest) =>
  apiJson(200, { published: !(req.body as { dryRun?: boolean }).dryRun, menu: menuFactory() });

describe('OfficialAccountPage', { timeout: 120_000 }, () => {
  it('should ask for every credential the first time and send them', async () => {
    admin();
    const saved = officialAccountFactory({ safeMode: false });
    const { sent } = mockFetch({
      'GET /api/console/admin/wechat/account': apiJson(204),
      'PUT /api/console/admin/wechat/account': apiJson(200, saved),
      'POST /api/console/admin/wechat/menu': menuAnswer,
    });
    const user = userEvent.setup();
    renderWithProviders(<OfficialAccountPage />);
    expect(await screen.findByText('尚未配置公众号')).toBeInTheDocument();
    expect(screen.getByText('保存公众号配置后可预览和发布菜单')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /保存配置/ }));
    expect(await screen.findByText('首次配置需要填写 AppSecret')).toBeInTheDocument();
    expect(screen.getByText('首次配置需要填写 Token')).toBeInTheDocument();
    expect(sent.some((r) => r.method === 'PUT')).toBe(false);

    await user.type(screen.getByLabelText('公众号 AppID'), 'wx0123456789abcdef');
    await user.type(screen.getByLabelText(/AppSecret/), 'secret-0123456789abcd');
    await user.type(screen.getByLabelText(/消息服务器 Token/), 'shimingToken1');
    await user.click(screen.getByRole('button', { name: /保存配置/ }));
    await waitFor(() =>
      expect(sent.find((r) => r.method === 'PUT')?.body).toEqual({
        appId: 'wx0123456789abcdef',
        appSecret: 'secret-0123456789abcd',
        token: 'shimingToken1',
        originalId: null,
        miniprogramAppId: null,
        campaignTemplateId: null,
      }),
    );
    expect(await screen.findByText('公众号配置已保存')).toBeInTheDocument();
    // Saved: the secrets are shown as set, never echoed; the menu preview appears.
    expect(await screen.findByTestId('callback-url')).toHaveTextContent(saved.callbackUrl);
    expect(screen.getByLabelText(/AppSecret/)).toHaveValue('');
    expect(await screen.findAllByTestId('menu-top')).toHaveLength(3);
  });

  it('should show the secrets as set and keep them when a save leaves them blank', async () => {
    admin();
    const account = officialAccountFactory();
    const { sent } = mockFetch({
      'GET /api/console/admin/wechat/account': apiJson(200, account),
      'PUT /api/console/admin/wechat/account': (req) =>
        apiJson(200, {
          ...account,
          campaignTemplateId: (req.body as { campaignTemplateId: string }).campaignTemplateId,
        }),
      'POST /api/console/admin/wechat/menu': menuAnswer,
    });
    const user = userEvent.setup();
    renderWithProviders(<OfficialAccountPage />);
    expect(await screen.findByLabelText('公众号 AppID')).toHaveValue('wx0123456789abcdef');
    expect(screen.getAllByText('已设置').length).toBeGreaterThanOrEqual(2);
    expect(screen.getByText('已设置（安全模式）')).toBeInTheDocument();
    expect(screen.getByLabelText(/AppSecret/)).toHaveValue('');
    expect(screen.getByLabelText(/AppSecret/)).toHaveAttribute(
      'placeholder',
      '已设置，留空则不修改',
    );

    const template = screen.getByLabelText('提醒模板消息 ID');
    await user.clear(template);
    await user.type(template, 'tpl-2');
    await user.click(screen.getByRole('button', { name: /保存配置/ }));
    await waitFor(() => expect(sent.some((r) => r.method === 'PUT')).toBe(true));
    const body = sent.find((r) => r.method === 'PUT')?.body as Record<string, unknown>;
    expect(body).toEqual({
      appId: 'wx0123456789abcdef',
      originalId: 'gh_0123456789ab',
      miniprogramAppId: 'wxfedcba9876543210',
      campaignTemplateId: 'tpl-2',
    });
    expect(Object.keys(body)).not.toContain('appSecret');
    expect(Object.keys(body)).not.toContain('encodingAesKey');
  });

  it('should turn safe mode off only when asked to clear the AES key', async () => {
    admin();
    const account = officialAccountFactory();
    const { sent } = mockFetch({
      'GET /api/console/admin/wechat/account': apiJson(200, account),
      'PUT /api/console/admin/wechat/account': apiJson(200, { ...account, safeMode: false }),
      'POST /api/console/admin/wechat/menu': menuAnswer,
    });
    const user = userEvent.setup();
    renderWithProviders(<OfficialAccountPage />);
    await user.click(await screen.findByRole('checkbox', { name: /清除 EncodingAESKey/ }));
    expect(screen.getByLabelText(/^EncodingAESKey/)).toBeDisabled();
    await user.click(screen.getByRole('button', { name: /保存配置/ }));
    await waitFor(() =>
      expect(sent.find((r) => r.method === 'PUT')?.body).toMatchObject({ encodingAesKey: null }),
    );
    expect(await screen.findByText('未设置（明文模式）')).toBeInTheDocument();
  });

  it('should draw the menu from the dry run: buttons, sub-buttons, targets and the JSON', async () => {
    admin();
    const { sent } = mockFetch({
      'GET /api/console/admin/wechat/account': apiJson(200, officialAccountFactory()),
      'POST /api/console/admin/wechat/menu': menuAnswer,
    });
    renderWithProviders(<OfficialAccountPage />);
    const tops = await screen.findAllByTestId('menu-top');
    expect(tops.map((t) => t.textContent)).toEqual([
      '实名认证号码状态≡ 我要办理',
      '核实通知',
      '客服热线',
    ]);
    expect(screen.getAllByTestId('menu-sub').map((t) => t.textContent)).toEqual([
      '实名认证',
      '号码状态',
    ]);
    expect(screen.getByText('我要办理 → 实名认证')).toBeInTheDocument();
    expect(screen.getAllByText('pages/home/index').length).toBeGreaterThan(0);
    expect(screen.getByText(/SHIMING_HOTLINE（消息服务器回复客服热线）/)).toBeInTheDocument();
    expect(screen.getByText('发送给微信的菜单 JSON')).toBeInTheDocument();
    // A preview is a dry run: nothing was published.
    expect(sent.filter((r) => r.url.endsWith('/wechat/menu')).map((r) => r.body)).toEqual([
      { dryRun: true },
    ]);
  });

  it('should publish only after confirming, and show WeChat errcode and meaning when refused', async () => {
    admin();
    let publishes = 0;
    const { sent } = mockFetch({
      'GET /api/console/admin/wechat/account': apiJson(200, officialAccountFactory()),
      'POST /api/console/admin/wechat/menu': (req) => {
        if ((req.body as { dryRun?: boolean }).dryRun) return menuAnswer(req);
        publishes += 1;
        return publishes === 1
          ? apiError(
              502,
              'MENU_REJECTED',
              '微信拒绝了菜单：errcode 40166（invalid mini-program app id (not linked to this official account)）：invalid menu',
              {
                wechatErrcode: 40166,
                meaning: 'invalid mini-program app id (not linked to this official account)',
              },
            )
          : menuAnswer(req);
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<OfficialAccountPage />);
    await screen.findAllByTestId('menu-top');
    await user.click(screen.getByRole('button', { name: /发布菜单/ }));
    expect(await screen.findByText('发布菜单到微信？')).toBeInTheDocument();
    expect(publishes).toBe(0);
    await user.click(screen.getByRole('button', { name: /^发\s*布$/ }));

    const error = await screen.findByTestId('wechat-error');
    expect(error).toHaveTextContent('菜单发布失败：微信返回 errcode 40166');
    expect(error).toHaveTextContent(
      '小程序 AppID 无效或未关联到该公众号，请先在公众平台关联小程序',
    );

    await user.click(screen.getByRole('button', { name: /发布菜单/ }));
    await user.click(await screen.findByRole('button', { name: /^发\s*布$/ }));
    expect(
      await screen.findByText('菜单已发布到微信', { selector: '.ant-alert *' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('wechat-error')).toBeNull();
    expect(
      sent.filter(
        (r) => r.url.endsWith('/wechat/menu') && !(r.body as { dryRun?: boolean }).dryRun,
      ),
    ).toHaveLength(2);
  });
});
