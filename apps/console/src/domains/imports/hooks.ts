import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UploadProgress } from '../../api/client';
import { adminKeys } from '../admin/query-keys';
import { campaignKeys } from '../campaigns/query-keys';
import { uploadSuspensionList } from './fetchers';

export interface ImportVariables {
  file: File;
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

/** An import changes the numbers: the dashboard and any campaign count are stale after it. */
export function useImportSuspensionList() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress, signal }: ImportVariables) =>
      uploadSuspensionList(file, onProgress, signal),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: [...adminKeys.all, 'dashboard'] }),
        qc.invalidateQueries({ queryKey: campaignKeys.previews() }),
      ]),
  });
}
