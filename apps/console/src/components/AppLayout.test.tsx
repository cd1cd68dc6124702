import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { officialAccountFactory } from '../test/admin-factories';
import { agentFactory, signIn } from '../test/factories';
import { apiJson, mockFetch } from '../test/fetch-mock';
import { routes } from '../routes';

function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AntApp>
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </AntApp>,
  );
  return router;
}

describe('admin navigation', { timeout: 120_000 }, () => {
  it('should offer a carrier admin the import, campaign and official-account pages and open them', async () => {
    signIn(agentFactory({ role: 'carrier_admin' }));
    mockFetch({
      'GET /api/console/admin/campaigns': apiJson(200, []),
      'GET /api/console/admin/wechat/account': apiJson(200, officialAccountFactory()),
      'POST /api/console/admin/wechat/menu': apiJson(200, {
        published: false,
        menu: { button: [] },
      }),
    });
    const user = userEvent.setup();
    const router = renderApp('/admin/imports');
    expect(await screen.findByRole('heading', { name: '号码导入' })).toBeInTheDocument();
    const menu = screen.getByRole('menu');
    await user.click(within(menu).getByText('提醒活动'));
    expect(router.state.location.pathname).toBe('/admin/campaigns');
    expect(await screen.findByRole('heading', { name: '提醒活动' })).toBeInTheDocument();
    await user.click(within(menu).getByText('公众号'));
    expect(await screen.findByRole('heading', { name: '公众号' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/admin/wechat');
  });

  it('should neither list nor open them for a supervisor', async () => {
    signIn(agentFactory({ role: 'supervisor' }));
    mockFetch({});
    renderApp('/admin/wechat');
    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    const menu = screen.getByRole('menu');
    expect(within(menu).getByText('实名率看板')).toBeInTheDocument();
    for (const name of ['号码导入', '提醒活动', '公众号'])
      expect(within(menu).queryByText(name)).toBeNull();
  });
});
