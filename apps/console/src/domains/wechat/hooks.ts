import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  fetchMenuPreview,
  fetchOfficialAccount,
  publishMenu,
  saveOfficialAccount,
} from './fetchers';
import { wechatKeys } from './query-keys';

export const useOfficialAccount = () =>
  useQuery({ queryKey: wechatKeys.account(), queryFn: fetchOfficialAccount });

export function useSaveOfficialAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: saveOfficialAccount,
    onSuccess: (a) => {
      qc.setQueryData(wechatKeys.account(), a);
      // The menu carries the linked mini-program: build it again.
      return qc.invalidateQueries({ queryKey: wechatKeys.menuPreview() });
    },
  });
}

/** The dry run of the menu; asked only once an account is configured. */
export const useMenuPreview = (enabled: boolean) =>
  useQuery({ queryKey: wechatKeys.menuPreview(), queryFn: fetchMenuPreview, enabled });

export function usePublishMenu() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: publishMenu,
    onSuccess: (a) => qc.setQueryData(wechatKeys.menuPreview(), a.menu),
  });
}
