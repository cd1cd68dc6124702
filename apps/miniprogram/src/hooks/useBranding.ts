import { useEffect } from 'react';
import { brandingStore, loadBranding, type BrandingState } from '../services/branding';
import { useStore } from './useStore';

/** The tenant's brand, hotline, policy and consent text; loads it if not yet loaded. */
export function useBranding(): BrandingState & { reload: () => void } {
  const state = useStore(brandingStore);
  useEffect(() => {
    if (state.status === 'loading') void loadBranding();
  }, [state.status]);
  return { ...state, reload: () => void loadBranding() };
}
