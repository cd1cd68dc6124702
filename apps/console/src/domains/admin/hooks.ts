import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createAgent,
  downloadDashboardCsv,
  fetchAgents,
  fetchBranding,
  fetchDashboard,
  fetchPolicy,
  saveBranding,
  savePolicy,
  updateAgent,
  type DateRange,
} from './fetchers';
import { adminKeys } from './query-keys';
import type { AdminPolicy, BrandingInput, UpdateAgentInput } from './schemas';

export const useBranding = () =>
  useQuery({ queryKey: adminKeys.branding(), queryFn: fetchBranding });

export function useSaveBranding() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: BrandingInput) => saveBranding(input),
    onSuccess: (b) => qc.setQueryData(adminKeys.branding(), b),
  });
}

export const usePolicy = () => useQuery({ queryKey: adminKeys.policy(), queryFn: fetchPolicy });

export function useSavePolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (policy: AdminPolicy) => savePolicy(policy),
    onSuccess: (p) => qc.setQueryData(adminKeys.policy(), p),
  });
}

export const useAgents = () => useQuery({ queryKey: adminKeys.agents(), queryFn: fetchAgents });

export function useCreateAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createAgent,
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.agents() }),
  });
}

export function useUpdateAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateAgentInput }) => updateAgent(id, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.agents() }),
  });
}

export const useDashboard = (range: DateRange) =>
  useQuery({ queryKey: adminKeys.dashboard(range), queryFn: () => fetchDashboard(range) });

export const useDownloadDashboardCsv = () =>
  useMutation({ mutationFn: (range: DateRange) => downloadDashboardCsv(range) });
