import { describe, expect, it, vi } from 'vitest';
import { campaignFactory, campaignPreviewFactory } from '../../test/admin-factories';
import { apiJson, mockFetch } from '../../test/fetch-mock';
import { fetchCampaigns, pauseCampaign, previewCampaign, startCampaign } from './fetchers';

describe('campaign fetchers', () => {
  it('should POST only the filter for a preview and parse the counts by state and region', async () => {
    const { sent } = mockFetch({
      'POST /api/console/admin/campaigns/preview': apiJson(200, campaignPreviewFactory()),
    });
    const p = await previewCampaign({ states: ['single_stop'], regionCodes: ['522301'] });
    expect(sent[0]?.body).toEqual({ states: ['single_stop'], regionCodes: ['522301'] });
    expect(p.byRegion).toContainEqual({ regionCode: null, count: 50 });
  });

  it('should refuse a report whose status the console does not know', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    mockFetch({
      'GET /api/console/admin/campaigns': apiJson(200, [
        { ...campaignFactory(), status: 'exploded' },
      ]),
    });
    await expect(fetchCampaigns()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('should start and pause by id, escaped in the path', async () => {
    const c = campaignFactory({ id: 'a/b' });
    const { sent } = mockFetch({
      'POST /api/console/admin/campaigns/a%2Fb/start': apiJson(200, { ...c, status: 'running' }),
      'POST /api/console/admin/campaigns/a%2Fb/pause': apiJson(200, { ...c, status: 'paused' }),
    });
    await expect(startCampaign('a/b')).resolves.toMatchObject({ status: 'running' });
    await expect(pauseCampaign('a/b')).resolves.toMatchObject({ status: 'paused' });
    expect(sent.map((r) => r.method)).toEqual(['POST', 'POST']);
  });
});
