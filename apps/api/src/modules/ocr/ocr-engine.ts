import { Worker } from 'node:worker_threads';

/** One line of text OCR found, top to bottom, with the recogniser's mean confidence (0–1). */
export interface OcrLine {
  text: string;
  score: number;
}

export interface OcrReadResult {
  lines: OcrLine[];
  /** The size the image was read at (after the resize). */
  width: number;
  height: number;
  /** Time inside the worker thread: resize, detection, recognition. */
  ms: number;
}

export interface OcrEngineOptions {
  /** Longest side the image is shrunk to before OCR (time and memory grow with the pixels). */
  maxSide: number;
  /** A read that takes longer ends the thread (and its memory) and fails. */
  timeoutMs: number;
  /** onnxruntime threads per read: one core, so the API process keeps the other. */
  threads: number;
  /** Cap on the thread's JS heap; onnxruntime's native memory is bounded by maxSide. */
  maxHeapMb: number;
  /** The thread, and the ~300 MB of models it holds, is ended after this long without work. */
  idleMs: number;
  /** Largest decoded input accepted (pixels), as for uploads. */
  maxInputPixels: number;
}

export const DEFAULT_OCR_ENGINE_OPTIONS: OcrEngineOptions = {
  maxSide: 1280,
  timeoutMs: 60_000,
  threads: 1,
  maxHeapMb: 512,
  idleMs: 5 * 60_000,
  maxInputPixels: 40_000_000,
};

/**
 * The worker thread's code. Plain JavaScript run with `eval`, so the same engine works from the
 * compiled dist and from the TypeScript sources under jest (a thread loads files without jest's
 * transform). It shrinks the image, runs PaddleOCR (PP-OCRv4 through onnxruntime) and posts the
 * lines back; the models load once per thread.
 */
const THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const sharp = require(workerData.sharpPath);
sharp.cache(false);
sharp.concurrency(1);
let engine;
function load() {
  engine ??= import(pathToFileURL(workerData.ocrPath).href).then((m) =>
    m.default.create({
      onnxOptions: {
        intraOpNumThreads: workerData.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
      },
    }),
  );
  return engine;
}
parentPort.on('message', async (msg) => {
  try {
    const ocr = await load();
    if (msg.type === 'load') return parentPort.postMessage({ id: msg.id, ok: true });
    const started = performance.now();
    const { data, info } = await sharp(Buffer.from(msg.image), {
      limitInputPixels: workerData.maxInputPixels,
      failOn: 'error',
    })
      .rotate()
      .resize({ width: workerData.maxSide, height: workerData.maxSide, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .png({ compressionLevel: 0 })
      .toBuffer({ resolveWithObject: true });
    const found = await ocr.detect(data);
    parentPort.postMessage({
      id: msg.id,
      ok: true,
      lines: found.map((l) => ({ text: String(l.text), score: Number(l.mean) })),
      width: info.width,
      height: info.height,
      ms: performance.now() - started,
    });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
`;

interface Reply {
  id: number;
  ok: boolean;
  error?: string;
  lines?: OcrLine[];
  width?: number;
  height?: number;
  ms?: number;
}

/**
 * Offline OCR in a worker thread, so the event loop stays free while a card is read (~1 s of
 * CPU). Reads run one at a time, in order of asking; the thread starts on the first read and
 * ends after `idleMs` without work, on a timeout or on a crash (the next read starts a new one).
 */
export class OcrEngine {
  readonly options: OcrEngineOptions;
  private worker: Worker | undefined;
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private tail: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(options: Partial<OcrEngineOptions> = {}) {
    this.options = { ...DEFAULT_OCR_ENGINE_OPTIONS, ...options };
  }

  /** Starts the thread and loads the models now (the first read would otherwise pay for it). */
  warmUp(): Promise<void> {
    return this.serial(async () => {
      await this.call({ type: 'load' });
    });
  }

  /** Reads a JPEG or PNG; one read at a time per engine. */
  read(image: Buffer): Promise<OcrReadResult> {
    return this.serial(async () => {
      // A copy the thread owns: `image` may be a slice of Node's shared buffer pool.
      const copy = new Uint8Array(image);
      const r = await this.call({ type: 'read', image: copy }, [copy.buffer]);
      return {
        lines: r.lines ?? [],
        width: r.width ?? 0,
        height: r.height ?? 0,
        ms: r.ms ?? 0,
      };
    });
  }

  /** Ends the thread; a read waiting for it fails. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: {
        ocrPath: require.resolve('@gutenye/ocr-node'),
        sharpPath: require.resolve('sharp'),
        threads: this.options.threads,
        maxSide: this.options.maxSide,
        maxInputPixels: this.options.maxInputPixels,
      },
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
      // The thread's output is not ours to print: it could carry what was read.
      stdout: true,
      stderr: true,
    });
    w.stdout.resume();
    w.stderr.resume();
    w.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      p?.resolve(r);
    });
    const fail = (e: Error): void => {
      if (this.worker === w) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`OCR thread ended (exit code ${code})`)));
    w.unref();
    this.worker = w;
    return w;
  }

  private async call(
    msg: { type: 'load' } | { type: 'read'; image: Uint8Array },
    transfer: ArrayBuffer[] = [],
  ): Promise<Reply> {
    clearTimeout(this.idleTimer);
    const w = this.thread();
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        timer = setTimeout(() => {
          reject(new Error(`OCR took longer than ${this.options.timeoutMs} ms`));
          // Ends the thread and whatever it was holding; the next read starts a new one.
          void this.close();
        }, this.options.timeoutMs);
        w.postMessage({ ...msg, id }, transfer);
      });
      if (!reply.ok) throw new Error(reply.error ?? 'OCR failed');
      return reply;
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
      this.idleTimer = setTimeout(() => void this.close(), this.options.idleMs);
      this.idleTimer.unref();
    }
  }
}
