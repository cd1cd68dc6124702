import { vi } from 'vitest';

/** What the code under test sent over the network boundary. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;
type Handler = (req: SentRequest) => Reply | Promise<Reply>;

export const apiJson = (status: number, body?: unknown): Reply => ({ status, body });
export const apiError = (
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): Reply => ({
  status,
  body: { error: { code, message, ...extra } },
});

/**
 * Replaces global fetch. Routes are "METHOD /path" (query string ignored);
 * an unrouted request fails the test loudly.
 */
export function mockFetch(routes: Record<string, Handler | Reply>) {
  const sent: SentRequest[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : init?.body;
    const req: SentRequest = { method, url, headers, body };
    sent.push(req);
    const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
    const route = routes[`${method} ${path}`];
    if (!route) throw new Error(`unexpected request ${method} ${url}`);
    const reply = typeof route === 'function' ? await route(req) : route;
    if (reply instanceof Error) throw reply;
    const text =
      reply.body === undefined
        ? null
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body);
    return new Response(reply.status === 204 ? null : text, {
      status: reply.status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    });
  });
  vi.stubGlobal('fetch', fn);
  return { sent, fn };
}
