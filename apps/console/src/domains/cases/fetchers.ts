import { apiCommand, apiRequest, apiRequestOrEmpty } from '../../api/client';
import { auditTrailSchema, consoleCaseSchema, revealSchema, type DecisionInput } from './schemas';

const enc = encodeURIComponent;

/** The next case in the queue, leased to this agent; null when the queue is empty (204). */
export const takeNextCase = () =>
  apiRequestOrEmpty('/console/queue/next', consoleCaseSchema, { method: 'POST' });

export const fetchCase = (id: string) => apiRequest(`/console/cases/${enc(id)}`, consoleCaseSchema);

export const releaseCase = (id: string) => apiCommand(`/console/cases/${enc(id)}/release`);

export const revealApplicant = (id: string, reason: string) =>
  apiRequest(`/console/cases/${enc(id)}/reveal`, revealSchema, {
    method: 'POST',
    body: { reason },
  });

export const decideCase = (id: string, input: DecisionInput) =>
  apiRequest(`/console/cases/${enc(id)}/decision`, consoleCaseSchema, {
    method: 'POST',
    body: input,
  });

export const fetchAuditTrail = (id: string) =>
  apiRequest(`/console/cases/${enc(id)}/audit`, auditTrailSchema);
