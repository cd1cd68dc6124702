import { api } from './api/endpoints';
import { asApiError, type ApiError } from './api/errors';
import type { Branding } from './api/types';
import { createStore } from './store';

export type BrandingState =
  | { status: 'loading' }
  | { status: 'ready'; branding: Branding }
  | { status: 'error'; error: ApiError };

export const brandingStore = createStore<BrandingState>({ status: 'loading' });

let inFlight: Promise<void> | null = null;

/**
 * Fetched at start (app.tsx) and again when a page offers "重试"; `refresh` fetches it again
 * even when loaded (the consent text changed under an open page), keeping the old one meanwhile.
 */
export function loadBranding(opts: { refresh?: boolean } = {}): Promise<void> {
  if (brandingStore.get().status === 'ready' && !opts.refresh) return Promise.resolve();
  inFlight ??= api
    .branding()
    .then((branding) => brandingStore.set({ status: 'ready', branding }))
    .catch((err: unknown) => {
      const error = asApiError(err);
      // A failed refresh keeps the brand already shown.
      if (opts.refresh && brandingStore.get().status === 'ready') return;
      brandingStore.set({ status: 'error', error });
    })
    .finally(() => {
      inFlight = null;
    });
  if (brandingStore.get().status === 'error') brandingStore.set({ status: 'loading' });
  return inFlight;
}
