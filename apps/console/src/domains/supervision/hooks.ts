import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchStats, retryLift } from './fetchers';
import { supervisionKeys } from './query-keys';

export function useStats() {
  return useQuery({
    queryKey: supervisionKeys.stats(),
    queryFn: fetchStats,
    refetchInterval: 15_000,
  });
}

export function useRetryLift() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => retryLift(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: supervisionKeys.stats() }),
  });
}
