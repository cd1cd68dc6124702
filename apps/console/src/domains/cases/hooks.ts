import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  decideCase,
  fetchAuditTrail,
  fetchCase,
  releaseCase,
  revealApplicant,
  takeNextCase,
} from './fetchers';
import { caseKeys } from './query-keys';
import type { DecisionInput } from './schemas';

/** Document URLs are signed for ~5 minutes: refetch well before they expire. */
const SIGNED_URL_REFRESH_MS = 4 * 60 * 1000;

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: caseKeys.detail(id ?? ''),
    queryFn: () => fetchCase(id!),
    enabled: !!id,
    refetchInterval: SIGNED_URL_REFRESH_MS,
    refetchOnWindowFocus: false,
  });
}

export function useTakeNextCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: takeNextCase,
    onSuccess: (c) => {
      if (c) qc.setQueryData(caseKeys.detail(c.id), c);
    },
  });
}

export function useReleaseCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => releaseCase(id),
    onSuccess: (_v, id) => qc.removeQueries({ queryKey: caseKeys.detail(id) }),
  });
}

/** The cleartext is never put in the query cache: the caller keeps it in component state. */
export function useReveal() {
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => revealApplicant(id, reason),
    gcTime: 0,
  });
}

export function useDecideCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: DecisionInput }) => decideCase(id, input),
    onSuccess: (c) => qc.setQueryData(caseKeys.detail(c.id), c),
  });
}

export function useAuditTrail(id: string | undefined) {
  return useQuery({
    queryKey: caseKeys.audit(id ?? ''),
    queryFn: () => fetchAuditTrail(id!),
    enabled: !!id,
  });
}
