import { DEFAULT_POLICY } from '@shiming/domain';
import { describe, expect, it, vi } from 'vitest';
import { apiJson, mockFetch } from '../../test/fetch-mock';
import { downloadDashboardCsv, fetchDashboard, fetchPolicy, savePolicy } from './fetchers';

describe('admin fetchers', () => {
  it('should accept a policy the domain validates', async () => {
    mockFetch({
      'GET /api/console/admin/policy': apiJson(200, { ...DEFAULT_POLICY, proxyAllowed: false }),
    });
    await expect(fetchPolicy()).resolves.toMatchObject({
      proxyAllowed: false,
      perIdentityLimit: 5,
    });
  });

  it('should refuse a policy the domain rejects (limit over the national five)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    mockFetch({
      'GET /api/console/admin/policy': apiJson(200, { ...DEFAULT_POLICY, perIdentityLimit: 9 }),
    });
    await expect(fetchPolicy()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('should PUT the policy as is', async () => {
    const { sent } = mockFetch({ 'PUT /api/console/admin/policy': apiJson(200, DEFAULT_POLICY) });
    await savePolicy(DEFAULT_POLICY);
    expect(sent[0]?.body).toEqual(DEFAULT_POLICY);
  });

  it('should parse the dashboard series and targets', async () => {
    const day = { registered: 96, singleStop: 3, doubleStop: 1, cancelled: 0, rate: 0.96 };
    const { sent } = mockFetch({
      'GET /api/console/admin/dashboard': apiJson(200, {
        current: day,
        series: [{ date: '2016-10-31', ...day }],
        targets: { byOctoberEnd: 0.96, byYearEnd: 1 },
      }),
    });
    const d = await fetchDashboard({ from: '2016-10-01', to: '2016-10-31' });
    expect(d.series[0]?.date).toBe('2016-10-31');
    expect(sent[0]?.url).toBe('/api/console/admin/dashboard?from=2016-10-01&to=2016-10-31');
  });

  it('should download the CSV with the bearer token as a blob', async () => {
    sessionStorage.clear();
    const { sent } = mockFetch({
      'GET /api/console/admin/dashboard.csv': {
        status: 200,
        body: 'date,rate\n2016-10-31,0.96\n',
        headers: { 'Content-Type': 'text/csv' },
      },
    });
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:csv');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    await downloadDashboardCsv({ from: '2016-10-01' });
    expect(sent[0]?.url).toBe('/api/console/admin/dashboard.csv?from=2016-10-01');
    // Response.blob() comes from Node's realm, not jsdom's: check the blob by its type.
    expect(createObjectURL.mock.calls[0]?.[0].type).toBe('text/csv');
    expect(click).toHaveBeenCalled();
  });
});
