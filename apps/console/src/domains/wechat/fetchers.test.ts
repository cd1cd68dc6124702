import { describe, expect, it, vi } from 'vitest';
import { menuFactory, officialAccountFactory } from '../../test/admin-factories';
import { apiError, apiJson, mockFetch } from '../../test/fetch-mock';
import { fetchMenuPreview, fetchOfficialAccount } from './fetchers';

describe('official-account fetchers', () => {
  it('should answer null while no official account is configured (204)', async () => {
    mockFetch({ 'GET /api/console/admin/wechat/account': apiJson(204) });
    await expect(fetchOfficialAccount()).resolves.toBeNull();
  });

  it('should pass other failures on', async () => {
    mockFetch({ 'GET /api/console/admin/wechat/account': apiError(403, 'ROLE_REQUIRED', '无权') });
    await expect(fetchOfficialAccount()).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
  });

  it('should refuse an account answer without its secretSet flag', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { secretSet: _s, ...noFlag } = officialAccountFactory();
    mockFetch({ 'GET /api/console/admin/wechat/account': apiJson(200, noFlag) });
    await expect(fetchOfficialAccount()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('should ask for the menu as a dry run', async () => {
    const { sent } = mockFetch({
      'POST /api/console/admin/wechat/menu': apiJson(200, {
        published: false,
        menu: menuFactory(),
      }),
    });
    const menu = await fetchMenuPreview();
    expect(sent[0]?.body).toEqual({ dryRun: true });
    expect(menu.button).toHaveLength(3);
  });
});
