import { useState } from 'react';
import { parsePhoneNumber } from '@shiming/domain';
import { api } from '../services/api/endpoints';
import { toUserMessage } from '../services/api/errors';
import type { NoticeCheck } from '../services/api/types';

export type NoticeMode = 'code' | 'phone';

/** "Is this notice real?": by the code in an SMS/letter, or by the number that called. */
export function useNoticeCheck() {
  const [mode, setMode] = useState<NoticeMode>('code');
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<NoticeCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  function inputError(): string | null {
    const v = input.trim();
    if (v === '') return null;
    if (mode === 'code')
      return /^[A-Za-z0-9-]{4,32}$/.test(v) ? null : '核验码是通知里的字母和数字，请照着输入。';
    // Callers include short service numbers (10086…), which are not subscriber numbers.
    if (/^1\d{4}$/.test(v)) return null;
    const r = parsePhoneNumber(v);
    return r.ok ? null : r.message;
  }

  async function check(): Promise<void> {
    const v = input.trim();
    if (v === '' || inputError()) {
      setError(
        inputError() ?? (mode === 'code' ? '请输入通知里的核验码。' : '请输入打来电话的号码。'),
      );
      return;
    }
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const parsed = mode === 'phone' ? parsePhoneNumber(v) : null;
      const phone = parsed?.ok ? parsed.value.value : v;
      setResult(await api.verifyNotice(mode === 'code' ? { code: v } : { phone }));
    } catch (err) {
      setError(toUserMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return {
    mode,
    setMode: (m: NoticeMode) => {
      setMode(m);
      setInput('');
      setResult(null);
      setError(null);
    },
    input,
    setInput: (v: string) => {
      setInput(v);
      setResult(null);
    },
    inputError: inputError(),
    busy,
    result,
    error,
    check,
  };
}
