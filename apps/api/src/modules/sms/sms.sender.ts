/** One text message to one number. */
export interface SmsMessage {
  tenantCode: string;
  /** Canonical 11-digit mobile number. */
  phone: string;
  text: string;
  /** A one-time code the text carries (the demo outbox shows it on its own for tests). */
  code?: string;
}

/** Where text messages go: the demo outbox (driver 'log') or the carrier's SMS gateway (driver 'http'). */
export interface SmsSender {
  send(msg: SmsMessage): Promise<void>;
}

export const SMS_SENDER = Symbol('SMS_SENDER');
