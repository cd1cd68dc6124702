/** Outbox topic: tell the subscriber about a decision (WeChat subscription message). */
export const NOTIFY_TOPIC = 'wechat.notify';

export interface NotifyPayload {
  caseId: string;
  decision: 'approve' | 'resubmit' | 'reject';
}
