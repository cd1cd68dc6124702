import { DEFAULT_CAPTURE_POLICY, DEFAULT_POLICY } from '@shiming/domain';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { agentFactory, signIn } from '../../test/factories';
import { apiError, apiJson, mockFetch } from '../../test/fetch-mock';
import { renderWithProviders } from '../../test/render';
import PolicyPage from './PolicyPage';

const admin = () => signIn(agentFactory({ role: 'carrier_admin' }));
const POLICY = '/api/console/admin/policy';

describe('PolicyPage: capture rules (issue 8)', { timeout: 60_000 }, () => {
  it('should edit the capture policy with the tenant policy and send it under capture', async () => {
    admin();
    const stored = { ...DEFAULT_POLICY, capture: DEFAULT_CAPTURE_POLICY };
    const { sent } = mockFetch({
      [`GET ${POLICY}`]: apiJson(200, stored),
      [`PUT ${POLICY}`]: (req) => apiJson(200, req.body),
    });
    const user = userEvent.setup();
    renderWithProviders(<PolicyPage />);
    expect(await screen.findByText('拍照质量检查')).toBeInTheDocument();
    const blur = screen.getByRole('spinbutton', { name: '清晰度下限' });
    await waitFor(() => expect(blur).toHaveValue(String(DEFAULT_CAPTURE_POLICY.blurMin)));
    expect(screen.getByRole('radio', { name: '只提醒' })).toBeChecked();

    await user.click(screen.getByRole('radio', { name: '拦截提交' }));
    await user.clear(blur);
    await user.type(blur, '200');
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(sent.some((r) => r.method === 'PUT')).toBe(true));
    expect(sent.find((r) => r.method === 'PUT')?.body).toEqual({
      ...DEFAULT_POLICY,
      capture: { ...DEFAULT_CAPTURE_POLICY, qualityMode: 'block', blurMin: 200 },
    });
  });

  it('should show the API refusal of a capture value', async () => {
    admin();
    mockFetch({
      [`GET ${POLICY}`]: apiJson(200, { ...DEFAULT_POLICY, capture: DEFAULT_CAPTURE_POLICY }),
      [`PUT ${POLICY}`]: apiError(
        400,
        'INVALID_CAPTURE_POLICY',
        '拍照质量策略字段 blurMin 必须是 0 到 5000 之间的数。',
      ),
    });
    const user = userEvent.setup();
    renderWithProviders(<PolicyPage />);
    await screen.findByText('拍照质量检查');
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText(/blurMin 必须是 0 到 5000/)).toBeInTheDocument();
  });

  it('should leave capture out when the API has no capture rules', async () => {
    admin();
    const { sent } = mockFetch({
      [`GET ${POLICY}`]: apiJson(200, DEFAULT_POLICY),
      [`PUT ${POLICY}`]: apiJson(200, DEFAULT_POLICY),
    });
    const user = userEvent.setup();
    renderWithProviders(<PolicyPage />);
    await screen.findByText('审核规则');
    expect(screen.queryByText('拍照质量检查')).toBeNull();
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(sent.some((r) => r.method === 'PUT')).toBe(true));
    expect(sent.find((r) => r.method === 'PUT')?.body).toEqual(DEFAULT_POLICY);
  });
});
