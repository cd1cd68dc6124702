import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createCampaign,
  fetchCampaign,
  fetchCampaigns,
  pauseCampaign,
  previewCampaign,
  startCampaign,
} from './fetchers';
import { campaignKeys } from './query-keys';
import type { CampaignFilterInput, CampaignReport } from './schemas';

/** How often progress is asked for while a campaign is sending. */
export const RUNNING_REFRESH_MS = 3000;

export const useCampaigns = () =>
  useQuery({
    queryKey: campaignKeys.list(),
    queryFn: fetchCampaigns,
    refetchInterval: (q) =>
      q.state.data?.some((c) => c.status === 'running') ? RUNNING_REFRESH_MS : false,
  });

export const useCampaign = (id: string | undefined) =>
  useQuery({
    queryKey: campaignKeys.detail(id ?? ''),
    queryFn: () => fetchCampaign(id ?? ''),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? RUNNING_REFRESH_MS : false),
  });

/** The count the filter selects now; the last answer stays on screen while the next loads. */
export const useCampaignPreview = (filter: CampaignFilterInput, enabled = true) =>
  useQuery({
    queryKey: campaignKeys.preview(filter),
    queryFn: () => previewCampaign(filter),
    enabled,
    placeholderData: keepPreviousData,
  });

function useStore() {
  const qc = useQueryClient();
  return (c: CampaignReport) => {
    qc.setQueryData(campaignKeys.detail(c.id), c);
    return qc.invalidateQueries({ queryKey: campaignKeys.list() });
  };
}

export function useCreateCampaign() {
  const store = useStore();
  return useMutation({ mutationFn: createCampaign, onSuccess: store });
}

export function useStartCampaign() {
  const store = useStore();
  return useMutation({ mutationFn: (id: string) => startCampaign(id), onSuccess: store });
}

export function usePauseCampaign() {
  const store = useStore();
  return useMutation({ mutationFn: (id: string) => pauseCampaign(id), onSuccess: store });
}
