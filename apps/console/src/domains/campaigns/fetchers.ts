import { apiRequest } from '../../api/client';
import {
  campaignListSchema,
  campaignPreviewSchema,
  campaignReportSchema,
  type CampaignFilterInput,
  type CreateCampaignInput,
} from './schemas';

const BASE = '/console/admin/campaigns';
const one = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const fetchCampaigns = () => apiRequest(BASE, campaignListSchema);
export const fetchCampaign = (id: string) => apiRequest(one(id), campaignReportSchema);
export const previewCampaign = (filter: CampaignFilterInput) =>
  apiRequest(`${BASE}/preview`, campaignPreviewSchema, { method: 'POST', body: filter });
export const createCampaign = (input: CreateCampaignInput) =>
  apiRequest(BASE, campaignReportSchema, { method: 'POST', body: input });
export const startCampaign = (id: string) =>
  apiRequest(`${one(id)}/start`, campaignReportSchema, { method: 'POST' });
export const pauseCampaign = (id: string) =>
  apiRequest(`${one(id)}/pause`, campaignReportSchema, { method: 'POST' });
