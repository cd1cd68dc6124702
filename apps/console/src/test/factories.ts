import { setSession, type Agent } from '../api/session';
import type { ConsoleCase } from '../domains/cases/schemas';
import type { Stats } from '../domains/supervision/schemas';

export const agentFactory = (over: Partial<Agent> = {}): Agent => ({
  id: 'agent-1',
  username: 'qxn-unicom-agent',
  displayName: '坐席 1001',
  role: 'agent',
  tenant: { code: 'qxn-unicom', displayName: '黔西南联通' },
  ...over,
});

export function signIn(agent: Agent = agentFactory()): Agent {
  setSession({ token: 'tok-123', expiresAt: new Date(Date.now() + 3600_000).toISOString(), agent });
  return agent;
}

export const caseFactory = (over: Partial<ConsoleCase> = {}): ConsoleCase => ({
  id: 'c0ffee00-0000-4000-8000-000000000001',
  version: 7,
  state: 'in_review',
  applicantType: 'self',
  phone: '186****8000',
  numberState: 'single_stop',
  numberHistory: [
    { at: '2016-10-01T02:00:00Z', from: 'active', to: 'single_stop', cause: '未实名停机' },
  ],
  applicant: {
    nameMasked: '张*',
    idNumberMasked: '5223**********1234',
    age: 46,
    sex: 'male',
    region: '贵州省黔西南布依族苗族自治州',
  },
  checks: { idNumber: 'ok', age: 'ok', quota: { count: 2, limit: 5, ok: true } },
  documents: [
    {
      id: 'd1',
      kind: 'id_front',
      url: '/api/console/documents/d1?exp=1&sig=a',
      uploadedAt: '2016-11-01T02:00:00Z',
      flags: [],
    },
    {
      id: 'd2',
      kind: 'id_back',
      url: '/api/console/documents/d2?exp=1&sig=b',
      uploadedAt: '2016-11-01T02:00:00Z',
      flags: ['glare'],
    },
    {
      id: 'd3',
      kind: 'id_handheld',
      url: '/api/console/documents/d3?exp=1&sig=c',
      uploadedAt: '2016-11-01T02:00:00Z',
      flags: [],
    },
  ],
  flags: [],
  lease: { agentId: 'agent-1', expiresAt: new Date(Date.now() + 10 * 60_000).toISOString() },
  resubmissionCount: 0,
  submittedAt: '2016-11-01T02:01:00Z',
  ...over,
});

/** The stats as apps/api's SupervisorService answers them. */
export const statsFactory = (over: Partial<Stats> = {}): Stats => ({
  queueDepth: 3,
  oldestWaitingSeconds: 4200,
  perAgent: [
    {
      agent: { id: 'a1', username: 'qxn-unicom-agent', displayName: '李娜' },
      decisionsLastHour: 4,
      decisionsToday: 17,
    },
  ],
  rates: { approved: 0.5, resubmit: 0.25, rejected: 0.25 },
  decisionsToday: { approved: 2, resubmit: 1, rejected: 1 },
  liftPending: 1,
  deadLetters: [
    {
      id: 'o1',
      phone: '186****0001',
      attempts: 8,
      lastError: 'carrier answered 503',
      at: '2016-11-01T02:00:00.000Z',
    },
  ],
  ...over,
});
