import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { setSession } from '../api/session';

// antd's first render of a full page takes over a second on a busy CI machine.
configure({ asyncUtilTimeout: 5000 });

// jsdom lacks what antd's responsive and measuring code asks for.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}
if (!('ResizeObserver' in window)) {
  class ResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.assign(window, { ResizeObserver });
  Object.assign(globalThis, { ResizeObserver });
}
// antd measures scrollbars through getComputedStyle with a pseudo-element, which jsdom does not implement.
const realGetComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (el: Element, pseudo?: string | null) =>
  realGetComputedStyle(el, pseudo ? undefined : pseudo);

afterEach(() => {
  cleanup();
  setSession(null);
  sessionStorage.clear();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});
