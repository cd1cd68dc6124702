import { apiDownload, apiRequest } from '../../api/client';
import {
  adminPolicySchema,
  agentListSchema,
  brandingSchema,
  consoleAgentSchema,
  dashboardSchema,
  type AdminPolicy,
  type BrandingInput,
  type CreateAgentInput,
  type UpdateAgentInput,
} from './schemas';

export const fetchBranding = () => apiRequest('/console/admin/branding', brandingSchema);
export const saveBranding = (input: BrandingInput) =>
  apiRequest('/console/admin/branding', brandingSchema, { method: 'PUT', body: input });

export const fetchPolicy = () => apiRequest('/console/admin/policy', adminPolicySchema);
/** `capture` left out leaves the capture rules as they are. */
export const savePolicy = (policy: AdminPolicy) =>
  apiRequest('/console/admin/policy', adminPolicySchema, { method: 'PUT', body: policy });

export const fetchAgents = () => apiRequest('/console/admin/agents', agentListSchema);
export const createAgent = (input: CreateAgentInput) =>
  apiRequest('/console/admin/agents', consoleAgentSchema, { method: 'POST', body: input });
export const updateAgent = (id: string, input: UpdateAgentInput) =>
  apiRequest(`/console/admin/agents/${encodeURIComponent(id)}`, consoleAgentSchema, {
    method: 'PATCH',
    body: input,
  });

export interface DateRange {
  from?: string;
  to?: string;
}
export const fetchDashboard = (range: DateRange) =>
  apiRequest('/console/admin/dashboard', dashboardSchema, {
    query: { from: range.from, to: range.to },
  });
export const downloadDashboardCsv = (range: DateRange) =>
  apiDownload(
    '/console/admin/dashboard.csv',
    `实名率-${range.from ?? 'all'}-${range.to ?? 'now'}.csv`,
    {
      query: { from: range.from, to: range.to },
    },
  );
