import { DEFAULT_CAPTURE_POLICY, DEFAULT_POLICY } from '@shiming/domain';
import { describe, expect, it, vi } from 'vitest';
import { apiJson, mockFetch } from '../../test/fetch-mock';
import {
  downloadDashboardCsv,
  fetchAgents,
  fetchBranding,
  fetchDashboard,
  fetchPolicy,
  saveBranding,
  savePolicy,
} from './fetchers';

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

  it('should read the capture rules under capture, checked by the domain (issue 8)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const capture = { ...DEFAULT_CAPTURE_POLICY, qualityMode: 'block' };
    mockFetch({
      'GET /api/console/admin/policy': apiJson(200, { ...DEFAULT_POLICY, capture }),
    });
    await expect(fetchPolicy()).resolves.toEqual({ ...DEFAULT_POLICY, capture });
    mockFetch({
      'GET /api/console/admin/policy': apiJson(200, {
        ...DEFAULT_POLICY,
        capture: { ...capture, qualityMode: 'maybe' },
      }),
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
        tenant: 'qxn-unicom',
        region: null,
        current: { ...day, unregisteredActive: 2, total: 102 },
        series: [{ date: '2016-10-31', ...day }],
        targets: { byOctoberEnd: 0.96, byYearEnd: 1 },
      }),
    });
    const d = await fetchDashboard({ from: '2016-10-01', to: '2016-10-31' });
    expect(d.series[0]?.date).toBe('2016-10-31');
    expect(d.current).toMatchObject({ rate: 0.96, unregisteredActive: 2, total: 102 });
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

  const branding = {
    code: 'qxn-unicom',
    carrier: 'unicom',
    region: '黔西南布依族苗族自治州',
    displayName: '黔西南联通',
    officialAccountName: '黔西南联通',
    hotline: '10010',
    logoUrl: null,
    primaryColor: '#e60012',
    accentColor: '#333333',
    policy: { ...DEFAULT_POLICY, proxyAllowed: false },
    consent: { version: 'v1', title: '身份证照片处理单独同意书', text: '……' },
  };

  it('should PUT the branding with its consent, never code, carrier or policy', async () => {
    const { sent } = mockFetch({ 'PUT /api/console/admin/branding': apiJson(200, branding) });
    const { code: _c, carrier: _k, policy: _p, ...input } = branding;
    await saveBranding(input);
    expect(sent[0]?.body).toEqual(input);
    expect(Object.keys(sent[0]?.body as object)).not.toContain('policy');
  });

  it('should refuse a branding answer without its consent text', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { consent: _consent, ...bad } = branding;
    mockFetch({ 'GET /api/console/admin/branding': apiJson(200, bad) });
    await expect(fetchBranding()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('should list agents with their disabled flag and creation time', async () => {
    mockFetch({
      'GET /api/console/admin/agents': apiJson(200, [
        {
          id: 'a1',
          username: 'qxn-unicom-agent',
          displayName: '李娜',
          role: 'agent',
          disabled: false,
          createdAt: '2016-09-01T00:00:00.000Z',
        },
      ]),
    });
    await expect(fetchAgents()).resolves.toEqual([
      expect.objectContaining({ id: 'a1', disabled: false, createdAt: '2016-09-01T00:00:00.000Z' }),
    ]);
  });
});
