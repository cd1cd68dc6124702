import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { agentFactory, signIn, statsFactory } from '../../test/factories';

const statsAnswer = statsFactory();
import { apiJson, mockFetch } from '../../test/fetch-mock';
import { renderWithProviders } from '../../test/render';
import AuditPage from './AuditPage';
import StatsPage from './StatsPage';

describe('supervisor pages', () => {
  it('should show each agent by name and the counts behind the decision rates', async () => {
    signIn(agentFactory({ role: 'supervisor' }));
    mockFetch({ 'GET /api/console/stats': apiJson(200, statsAnswer) });
    renderWithProviders(<StatsPage />);
    expect(await screen.findByText('李娜')).toBeInTheDocument();
    expect(screen.getByText('qxn-unicom-agent')).toBeInTheDocument();
    expect(screen.getByTestId('rate-approved')).toHaveTextContent('通过 50.0%（2 单）');
    expect(screen.getByTestId('rate-resubmit')).toHaveTextContent('（1 单）');
  });

  it('should send a dead-lettered lift back with the retry button', async () => {
    signIn(agentFactory({ role: 'supervisor' }));
    const { sent } = mockFetch({
      'GET /api/console/stats': apiJson(200, statsAnswer),
      'POST /api/console/lifts/o1/retry': apiJson(202),
    });
    const user = userEvent.setup();
    renderWithProviders(<StatsPage />);
    const row = (await screen.findByText('186****0001')).closest('tr')!;
    await user.click(within(row).getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('已重新加入复机队列')).toBeInTheDocument();
    expect(sent.some((r) => r.method === 'POST' && r.url === '/api/console/lifts/o1/retry')).toBe(
      true,
    );
  });

  it('should name who did what in the audit trail, a subscriber only by the tail of the openid', async () => {
    signIn(agentFactory({ role: 'supervisor' }));
    mockFetch({
      'GET /api/console/cases/c1/audit': apiJson(200, [
        {
          at: '2016-11-01T02:00:00.000Z',
          actor: { type: 'subscriber', id: 'o-2HxJlsCngKmSpIqYGU7y_r7iKr', username: null },
          action: 'case.submit',
          detail: { from: 'draft', to: 'submitted' },
        },
        {
          at: '2016-11-01T02:05:00.000Z',
          actor: { type: 'agent', id: 'a1', username: 'qxn-unicom-agent' },
          action: 'case.decision',
          detail: { decision: 'resubmit', version: 4 },
        },
      ]),
    });
    renderWithProviders(
      <Routes>
        <Route path="/supervisor/audit/:caseId" element={<AuditPage />} />
      </Routes>,
      { route: '/supervisor/audit/c1' },
    );
    expect(await screen.findByText('审核决定：要求补正')).toBeInTheDocument();
    expect(screen.getByText('坐席 qxn-unicom-agent')).toBeInTheDocument();
    expect(screen.getByText('用户 …_r7iKr')).toBeInTheDocument();
    expect(screen.queryByText(/2HxJlsCngKmSpIqYGU7y/)).toBeNull();
  });
});
