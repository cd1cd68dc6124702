import type { OutboxRow } from './outbox.repository';

/** What a handler reports: done, or a failure worth retrying later. Throwing counts as a retryable failure. */
export type HandlerOutcome = { ok: true; note?: string } | { ok: false; error: string };

/** One topic's work. Must be idempotent: a row can be handed out again after a crash. */
export interface OutboxHandler {
  readonly topic: string;
  handle(row: OutboxRow): Promise<HandlerOutcome>;
}

/** Nest multi-provider token under which handlers are collected. */
export const OUTBOX_HANDLERS = Symbol('OUTBOX_HANDLERS');
