import { useEffect, useRef } from 'react';

export type ShortcutMap = Record<string, (e: KeyboardEvent) => void>;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit'].includes(type);
  }
  return false;
}

/** A dialog (the reveal modal, an image preview) owns the keyboard while it is open. */
function dialogOpen(): boolean {
  return !!document.querySelector(
    '.ant-modal-wrap:not([style*="display: none"]) .ant-modal, .ant-image-preview-root .ant-image-preview-wrap, .ant-image-preview:not(.ant-image-preview-hidden)',
  );
}

/**
 * Single-key shortcuts for the review desk. Keys are written like "a", "n",
 * "Escape" or "mod+Enter" (Ctrl or ⌘). Plain keys are ignored while the agent
 * types in a text field or a dialog is open; "mod+…" and "Escape" work everywhere.
 */
export function useShortcuts(map: ShortcutMap, enabled = true): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const name = mod ? `mod+${key}` : key;
      const handler = ref.current[name];
      if (!handler) return;
      if (!mod && name !== 'Escape') {
        if (e.altKey || isTyping(e.target) || dialogOpen()) return;
      }
      e.preventDefault();
      handler(e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
