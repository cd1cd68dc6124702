import { act } from '@testing-library/react';
import { vi } from 'vitest';

/** One upload the code under test started, and the test's hands on it. */
export interface PendingUpload {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: FormData | null;
  /** Fires an upload progress event. */
  progress(loaded: number, total: number): void;
  /** Answers the request (a JSON body unless a string is given). */
  respond(status: number, body?: unknown): void;
  /** The network failed. */
  fail(): void;
}

/**
 * Replaces XMLHttpRequest (the console uses it only for uploads, for their progress) with a fake
 * the test drives: `uploads` lists the requests sent, each answered when the test says so.
 */
export function mockXhr() {
  const uploads: PendingUpload[] = [];

  class FakeXhr {
    status = 0;
    responseText = '';
    upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private method = 'GET';
    private url = '';
    private headers: Record<string, string> = {};
    private responseHeaders: Record<string, string> = {};

    open(method: string, url: string): void {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string): void {
      this.headers[name.toLowerCase()] = value;
    }
    getResponseHeader(name: string): string | null {
      return this.responseHeaders[name.toLowerCase()] ?? null;
    }
    abort(): void {
      this.onabort?.();
    }
    send(body: FormData | null): void {
      uploads.push({
        method: this.method,
        url: this.url,
        headers: this.headers,
        body,
        // Each event changes what a rendered page shows: inside act, as a user event would be.
        progress: (loaded, total) =>
          act(() =>
            this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent),
          ),
        respond: (status, reply) =>
          act(() => {
            this.status = status;
            this.responseText =
              reply === undefined ? '' : typeof reply === 'string' ? reply : JSON.stringify(reply);
            this.responseHeaders = { 'content-type': 'application/json' };
            this.onload?.();
          }),
        fail: () => act(() => this.onerror?.()),
      });
    }
  }

  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return {
    uploads,
    /** The latest upload (throws when none was sent). */
    last(): PendingUpload {
      const u = uploads.at(-1);
      if (!u) throw new Error('no upload was sent');
      return u;
    },
  };
}
