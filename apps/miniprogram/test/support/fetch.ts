/** A fetch mock at the network boundary: answers queued per call, requests recorded. */
export interface Recorded {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Answer = { status: number; body?: unknown } | Error;

export function mockFetch() {
  const answers: Answer[] = [];
  const calls: Recorded[] = [];
  const fn = jest.fn(async (url: string, init: RequestInit = {}) => {
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>),
    );
    calls.push({
      url,
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : init.body,
    });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${init.method ?? 'GET'} ${url}`);
    if (next instanceof Error) throw next;
    const text =
      next.body === undefined
        ? ''
        : typeof next.body === 'string'
          ? next.body
          : JSON.stringify(next.body);
    return new Response(text || null, {
      status: next.status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  (globalThis as { fetch: unknown }).fetch = fn;
  (window as unknown as { fetch: unknown }).fetch = fn;
  return {
    calls,
    reply(status: number, body?: unknown) {
      answers.push({ status, body });
      return this;
    },
    fail(err: Error) {
      answers.push(err);
      return this;
    },
    get pending() {
      return answers.length;
    },
  };
}

export function session(token = 'tok-1', phoneMasked: string | null = '138****8000') {
  const expiresAt = new Date(Date.now() + 3600_000).toISOString();
  window.localStorage.setItem(
    'shiming:session:qxn-mobile',
    JSON.stringify({ data: { token, expiresAt, phoneMasked } }),
  );
}
