import { describe, expect, it, vi } from 'vitest';
import { apiError, apiJson, mockFetch } from '../../test/fetch-mock';
import { fetchAuditTrail } from '../cases/fetchers';
import { fetchStats, retryLift } from './fetchers';
import { statsFactory } from '../../test/factories';

const statsAnswer = statsFactory();

describe('supervision fetchers', () => {
  it('should parse the stats with agents as objects and the day counts behind the rates', async () => {
    mockFetch({ 'GET /api/console/stats': apiJson(200, statsAnswer) });
    const s = await fetchStats();
    expect(s.perAgent[0]?.agent).toEqual({
      id: 'a1',
      username: 'qxn-unicom-agent',
      displayName: '李娜',
    });
    expect(s.decisionsToday).toEqual({ approved: 2, resubmit: 1, rejected: 1 });
  });

  it('should accept an agent whose account is gone (username and name null)', async () => {
    mockFetch({
      'GET /api/console/stats': apiJson(200, {
        ...statsAnswer,
        perAgent: [
          {
            agent: { id: 'gone', username: null, displayName: null },
            decisionsLastHour: 0,
            decisionsToday: 1,
          },
        ],
      }),
    });
    await expect(fetchStats()).resolves.toMatchObject({
      perAgent: [{ agent: { id: 'gone', username: null } }],
    });
  });

  it('should refuse stats with the agent as a bare string (the old contract)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    mockFetch({
      'GET /api/console/stats': apiJson(200, {
        ...statsAnswer,
        perAgent: [{ agent: 'qxn-unicom-agent', decisionsLastHour: 1, decisionsToday: 1 }],
      }),
    });
    await expect(fetchStats()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('should POST a lift retry and surface 409 LIFT_NOT_DEAD', async () => {
    const { sent } = mockFetch({
      'POST /api/console/lifts/o1/retry': apiError(409, 'LIFT_NOT_DEAD', '无需重试'),
    });
    await expect(retryLift('o1')).rejects.toMatchObject({ code: 'LIFT_NOT_DEAD' });
    expect(sent[0]?.method).toBe('POST');
  });

  it('should parse audit entries whose actor is { type, id, username }', async () => {
    mockFetch({
      'GET /api/console/cases/c1/audit': apiJson(200, [
        {
          at: '2016-11-01T02:00:00.000Z',
          actor: { type: 'subscriber', id: 'o-openid', username: null },
          action: 'case.submit',
          detail: { from: 'draft', to: 'submitted' },
        },
        {
          at: '2016-11-01T02:05:00.000Z',
          actor: { type: 'agent', id: 'a1', username: 'qxn-unicom-agent' },
          action: 'case.decision',
          detail: { decision: 'approve', version: 4, lift: 'requested' },
        },
      ]),
    });
    const trail = await fetchAuditTrail('c1');
    expect(trail.map((e) => e.actor.type)).toEqual(['subscriber', 'agent']);
    expect(trail[1]?.detail).toMatchObject({ decision: 'approve' });
  });
});
