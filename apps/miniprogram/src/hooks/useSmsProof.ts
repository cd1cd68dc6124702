import { useState } from 'react';
import { parsePhoneNumber } from '@shiming/domain';
import { api } from '../services/api/endpoints';
import { ApiError, toUserMessage } from '../services/api/errors';
import { rememberProvenNumber } from '../services/auth';

/** Codes one visit may ask for; the API has its own, stricter limit. */
export const MAX_SMS_SENDS = 5;

export interface SmsProof {
  phone: string;
  setPhone: (v: string) => void;
  /** Live check from the domain rules; null while empty or valid. */
  phoneError: string | null;
  code: string;
  setCode: (v: string) => void;
  sending: boolean;
  verifying: boolean;
  sends: number;
  /** Epoch ms before which "重新获取" stays disabled. */
  resendAt: number | null;
  canSend: boolean;
  /** For a number that cannot receive SMS (double stop, cancelled): what still works. */
  remainingWays: string[] | null;
  error: string | null;
  sendCode: () => Promise<void>;
  verify: () => Promise<boolean>;
  proveWithWechat: (code: string) => Promise<boolean>;
}

export function useSmsProof(now: () => number = Date.now): SmsProof {
  const [phone, setPhoneRaw] = useState('');
  const [code, setCode] = useState('');
  const [sending, setSending] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [sends, setSends] = useState(0);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [remainingWays, setRemainingWays] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const parsed = phone.trim() === '' ? null : parsePhoneNumber(phone);
  const phoneError = parsed && !parsed.ok ? parsed.message : null;
  const normalized = parsed?.ok ? parsed.value.value : null;
  const canSend =
    normalized !== null &&
    !sending &&
    sends < MAX_SMS_SENDS &&
    (resendAt === null || resendAt <= now());

  const setPhone = (v: string) => {
    setPhoneRaw(v);
    setRemainingWays(null);
    setError(null);
  };

  async function sendCode(): Promise<void> {
    if (!normalized) {
      setError(phoneError ?? '请先填写手机号码。');
      return;
    }
    if (sends >= MAX_SMS_SENDS) {
      setError('获取验证码的次数太多了，请过一会儿再试，或拨打客服电话。');
      return;
    }
    setSending(true);
    setError(null);
    try {
      const sent = await api.sendSms(normalized);
      setSends((n) => n + 1);
      setResendAt(now() + sent.resendAfterSeconds * 1000);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NUMBER_CANNOT_RECEIVE_SMS') {
        setRemainingWays(err.details.remainingWays ?? []);
      }
      if (err instanceof ApiError && err.details.retryAfterSeconds) {
        setResendAt(now() + err.details.retryAfterSeconds * 1000);
      }
      setError(toUserMessage(err));
    } finally {
      setSending(false);
    }
  }

  async function verify(): Promise<boolean> {
    if (!normalized) {
      setError(phoneError ?? '请先填写手机号码。');
      return false;
    }
    if (!/^\d{4,8}$/.test(code.trim())) {
      setError('请输入短信里的数字验证码。');
      return false;
    }
    setVerifying(true);
    setError(null);
    try {
      const answer = await api.verifySms(normalized, code.trim());
      rememberProvenNumber(answer, normalized);
      return true;
    } catch (err) {
      const left = err instanceof ApiError ? err.details.attemptsLeft : undefined;
      setError(
        left !== undefined ? `${toUserMessage(err)}（还可以试 ${left} 次）` : toUserMessage(err),
      );
      return false;
    } finally {
      setVerifying(false);
    }
  }

  async function proveWithWechat(wxCode: string): Promise<boolean> {
    setVerifying(true);
    setError(null);
    try {
      const answer = await api.wechatPhone(wxCode);
      rememberProvenNumber(answer, answer.phone, true);
      return true;
    } catch (err) {
      setError(toUserMessage(err));
      return false;
    } finally {
      setVerifying(false);
    }
  }

  return {
    phone,
    setPhone,
    phoneError,
    code,
    setCode,
    sending,
    verifying,
    sends,
    resendAt,
    canSend,
    remainingWays,
    error,
    sendCode,
    verify,
    proveWithWechat,
  };
}
