import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { getSession, setSession, subscribeSession } from '../../api/session';
import { login, logout, type LoginInput } from './fetchers';

export function useSession() {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => login(input),
    onSuccess: (res) => {
      qc.clear();
      setSession(res);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => logout(),
    // Sign out locally whatever the server says: the token may already be dead.
    onSettled: () => {
      setSession(null);
      qc.clear();
    },
  });
}
