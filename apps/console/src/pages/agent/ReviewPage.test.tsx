import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { caseFactory, signIn } from '../../test/factories';
import { apiJson, mockFetch } from '../../test/fetch-mock';
import { renderWithProviders } from '../../test/render';
import ReviewPage from './ReviewPage';

const page = (
  <Routes>
    <Route path="/review" element={<ReviewPage />} />
    <Route path="/review/:caseId" element={<ReviewPage />} />
  </Routes>
);

describe('ReviewPage', () => {
  it('should say the queue is empty when next answers 204', async () => {
    signIn();
    mockFetch({ 'POST /api/console/queue/next': apiJson(204) });
    const user = userEvent.setup();
    renderWithProviders(page, { route: '/review' });
    await user.keyboard('n');
    expect(await screen.findByText('队列已清空')).toBeInTheDocument();
  });

  it('should open the next case with N: documents, masked identity, checks, lease countdown', async () => {
    signIn();
    const kase = caseFactory({
      checks: { idNumber: 'ok', age: 'ok', quota: { count: 5, limit: 5, ok: false } },
    });
    mockFetch({
      'POST /api/console/queue/next': apiJson(200, kase),
      [`GET /api/console/cases/${kase.id}`]: apiJson(200, kase),
    });
    const user = userEvent.setup();
    renderWithProviders(page, { route: '/review' });
    await user.keyboard('n');
    expect(await screen.findByText('审核工单')).toBeInTheDocument();
    expect(screen.getByTestId('id-number')).toHaveTextContent('5223**********1234');
    expect(screen.getByText('186****8000')).toBeInTheDocument();
    expect(screen.getAllByRole('img', { name: /身份证/ }).length).toBeGreaterThanOrEqual(3);
    expect(screen.getByText('反光')).toBeInTheDocument();
    expect(screen.getByText(/本运营商名下号码 5\/5，已超出上限/)).toBeInTheDocument();
    expect(screen.getByRole('timer')).toHaveTextContent(/领取剩余 (09|10):\d\d/);
    expect(screen.getByTestId('shortcut-legend')).toHaveTextContent('Ctrl+Enter');
  });

  it('should ask for a reason before revealing the cleartext identity', async () => {
    signIn();
    const kase = caseFactory();
    const { sent } = mockFetch({
      [`GET /api/console/cases/${kase.id}`]: apiJson(200, kase),
      [`POST /api/console/cases/${kase.id}/reveal`]: apiJson(200, {
        name: '张三',
        idNumber: '522301198001011234',
      }),
    });
    const user = userEvent.setup();
    renderWithProviders(page, { route: `/review/${kase.id}` });
    await screen.findByText('审核工单');
    await user.keyboard('v');
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('用户来电核实身份'));
    await user.click(within(dialog).getByRole('button', { name: /确认查看/ }));
    await waitFor(() =>
      expect(screen.getByTestId('id-number')).toHaveTextContent('522301198001011234'),
    );
    expect(sent.find((r) => r.url.endsWith('/reveal'))?.body).toEqual({
      reason: '用户来电核实身份',
    });
  });

  it('should reveal with the keyboard alone: V, then Ctrl+Enter with the first reason', async () => {
    signIn();
    const kase = caseFactory();
    const { sent } = mockFetch({
      [`GET /api/console/cases/${kase.id}`]: apiJson(200, kase),
      [`POST /api/console/cases/${kase.id}/reveal`]: apiJson(200, {
        name: '张三',
        idNumber: '522301198001011234',
      }),
    });
    const user = userEvent.setup();
    renderWithProviders(page, { route: `/review/${kase.id}` });
    await screen.findByText('审核工单');
    await user.keyboard('v');
    await screen.findByRole('dialog');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() =>
      expect(screen.getByTestId('id-number')).toHaveTextContent('522301198001011234'),
    );
    expect(sent.find((r) => r.url.endsWith('/reveal'))?.body).toEqual({
      reason: '核对证件照片与填写信息',
    });
  });
});
