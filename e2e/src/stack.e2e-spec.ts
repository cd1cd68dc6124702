import { Browser } from 'playwright-core';
import { launchBrowser, shot, Stack, startStack, strictPage } from './stack';

describe('the one origin', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('should serve the API, the console and the H5 build from one process', async () => {
    expect((await stack.api('/api/health')).body).toEqual({ status: 'ok', database: 'up' });
    for (const path of ['/console/', '/h5/']) {
      const r = await fetch(stack.base + path);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('<div id="');
    }
  });

  it('should render the console and the H5 home without console errors', async () => {
    const ctx = await browser.newContext({ viewport: { width: 414, height: 860 } });
    for (const [path, name] of [
      ['/console/', 'console'],
      ['/h5/', 'h5-home'],
    ] as const) {
      const { page, errors } = await strictPage(ctx);
      await page.goto(stack.base + path, { waitUntil: 'networkidle' });
      await page.waitForTimeout(800);
      await shot(page, 'one-origin', name);
      expect(errors).toEqual([]);
      expect((await page.textContent('body'))?.trim().length).toBeGreaterThan(0);
    }
    await ctx.close();
  });
});
