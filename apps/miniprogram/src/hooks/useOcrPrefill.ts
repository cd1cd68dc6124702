import { useEffect, useState } from 'react';
import { api } from '../services/api/endpoints';
import type { OcrReading } from '../services/api/types';

/** What the card says, offered to the subscriber to confirm or correct (never submitted as is). */
export interface OcrOffer {
  name?: string;
  idNumber?: string;
}

export interface OcrPrefillOptions {
  read?: (caseId: string) => Promise<OcrReading>;
  /** Between two asks while the API is still reading the card. */
  intervalMs?: number;
  /** How long a 'pending' reading is waited for before giving up quietly. */
  maxWaitMs?: number;
}

/**
 * Asks the API what OCR read off the ID card front, while `active`: 'pending' is asked again for
 * up to ~30 s (a first read on a busy server, model load included, took ~13 s); 'disabled',
 * 'failed', an error or nothing readable offer nothing (the subscriber types as before). The
 * values stay in this component's state only: never logged, never stored.
 */
export function useOcrPrefill(caseId: string, active: boolean, opts: OcrPrefillOptions = {}) {
  const { read = api.ocr, intervalMs = 2000, maxWaitMs = 30_000 } = opts;
  const [offer, setOffer] = useState<OcrOffer | null>(null);
  const [waiting, setWaiting] = useState(false);

  useEffect(() => {
    if (!active || !caseId) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asks = 0;
    const maxAsks = Math.max(1, Math.floor(maxWaitMs / Math.max(intervalMs, 1)) + 1);

    const ask = () => {
      asks++;
      read(caseId).then(
        (r) => {
          if (stopped) return;
          if (r.status === 'pending' && asks < maxAsks) {
            timer = setTimeout(ask, intervalMs);
            return;
          }
          setWaiting(false);
          if (r.status !== 'done') return;
          const found: OcrOffer = {
            ...(r.name ? { name: r.name } : {}),
            ...(r.idNumber ? { idNumber: r.idNumber } : {}),
          };
          if (found.name || found.idNumber) setOffer(found);
        },
        () => {
          // OCR is a convenience: without it the subscriber types, as before.
          if (!stopped) setWaiting(false);
        },
      );
    };
    setWaiting(true);
    ask();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
    // `read` and the timings are fixed for a page's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId, active]);

  return { offer, waiting, dismiss: () => setOffer(null) };
}
