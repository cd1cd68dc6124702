import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, REPO, shot, Stack, startStack, strictPage } from './stack';
import {
  demoNumber,
  DOCUMENT_KINDS,
  idNumber,
  openCase,
  proveNumber,
  Subscriber,
} from './subscriber';

/**
 * Issue 4: the subscriber's mini-program, as its H5 build served by the real API (demo mode, real
 * PostgreSQL, outbox worker and fake carrier on), in Chromium. A single-stopped number goes from
 * the home page to active service: SMS proof (the code read back from the demo SMS outbox),
 * consent, three photos through the file chooser, name and ID number, submit; an agent approves
 * through the API, the worker lifts the suspension, the case page says so. Once in normal mode,
 * once in 长辈模式. Then every page at 320 and 414 px: no console error, nothing wider than the
 * screen. Screenshots go to test-artifacts/miniprogram/.
 */
const SUITE = 'miniprogram';
const TENANT = 'qxn-mobile';
const FIXTURES = join(REPO, 'e2e/fixtures');

describe('subscriber mini-program (H5)', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: Array<{ ctx: BrowserContext; errors: string[] }> = [];

  async function open(viewport: {
    width: number;
    height: number;
  }): Promise<{ page: Page; errors: string[] }> {
    const ctx = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1 });
    const { page, errors } = await strictPage(ctx);
    page.setDefaultTimeout(15_000);
    // Name the request behind a "Failed to load resource" console error.
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && m.location().url) errors.push(`  at ${m.location().url}`);
    });
    contexts.push({ ctx, errors });
    return { page, errors };
  }

  /** After Taro's page slide-in, so the screenshot shows the page that was asked for. */
  async function settle(page: Page): Promise<void> {
    await page.waitForTimeout(600);
  }

  /** Chinese text visible on the current page (Taro H5 keeps earlier pages of the stack in the DOM, hidden). */
  function visible(page: Page, text: string | RegExp) {
    return page
      .getByText(text, { exact: typeof text === 'string' })
      .locator('visible=true')
      .first();
  }

  /** A NutUI button by its text (the button, not the text inside it, takes the tap). */
  function button(page: Page, text: string | RegExp) {
    const re =
      typeof text === 'string'
        ? new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`)
        : text;
    return page.locator('.nut-button', { hasText: re }).locator('visible=true').first();
  }

  async function latestSmsCode(phone: string): Promise<string> {
    const r = await stack.api<Array<{ code: string }>>(`/api/demo/sms-outbox?phone=${phone}`);
    const code = r.body[0]?.code;
    if (!code) throw new Error(`no SMS code for ${phone}`);
    return code;
  }

  /** An agent of the tenant takes the next case from the queue and approves it (console API). */
  async function agentApproves(caseId: string): Promise<void> {
    const login = await stack.api<{ token: string }>('/api/console/login', {
      body: { username: `${TENANT}-agent`, password: 'shiming-demo' },
    });
    expect(login.status).toBe(200);
    const claimed = await stack.api<{ id: string; version: number }>('/api/console/queue/next', {
      method: 'POST',
      token: login.body.token,
    });
    expect(claimed.status).toBe(200);
    expect(claimed.body.id).toBe(caseId);
    const decided = await stack.api<{ state: string }>(`/api/console/cases/${caseId}/decision`, {
      body: { decision: 'approve', version: claimed.body.version },
      token: login.body.token,
    });
    expect(decided.status).toBe(200);
    expect(decided.body.state).toBe('approved');
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) {
      await c.ctx.close();
      expect(c.errors).toEqual([]);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const [mode, n] of [
    ['normal', 1],
    ['elder', 2],
  ] as const) {
    it(`should take a single-stopped number from the home page to active service (${mode} mode)`, async () => {
      const phone = demoNumber(TENANT, n);
      const name = (step: string) => `${mode}-${step}`;
      const { page } = await open({ width: 390, height: 844 });

      // Home: the tenant's brand; 长辈模式 switched on with the page's own switch.
      await page.goto(`${stack.base}/h5/`);
      await visible(page, '我要办理').waitFor();
      await visible(page, '黔西南移动').waitFor();
      if (mode === 'elder') {
        await page.locator('.elder-switch .nut-switch').locator('visible=true').click();
        await page.locator('.page.elder').locator('visible=true').waitFor();
        // The switch sits at the bottom: back to the top for the picture.
        await page.locator('.page.elder').locator('visible=true').scrollIntoViewIfNeeded();
        await page.evaluate(() =>
          document.querySelectorAll('.taro_page').forEach((p) => p.scrollTo(0, 0)),
        );
      }
      await settle(page);
      await shot(page, SUITE, name('01-home'));

      // 我要办理 → 实名认证 → prove the number by SMS.
      await button(page, '实名认证').click();
      await page.waitForURL(/number\/prove/);
      await page.locator('input[placeholder="11 位手机号码"]').locator('visible=true').fill(phone);
      await button(page, '获取验证码').click();
      const codeInput = page.locator('input[placeholder="短信里的数字"]').locator('visible=true');
      await codeInput.waitFor();
      await codeInput.fill(await latestSmsCode(phone));
      await settle(page);
      await shot(page, SUITE, name('02-prove'));
      await button(page, '验证并继续').click();

      // The number's state in plain words, then 开始实名登记.
      await page.waitForURL(/number\/status/);
      await visible(page, '单向停机').waitFor();
      await settle(page);
      await shot(page, SUITE, name('03-status'));
      await button(page, '开始实名登记').click();

      // Who registers: the owner.
      await page.waitForURL(/register\/applicant/);
      await visible(page, /机主本人办理/).click();
      await settle(page);
      await shot(page, SUITE, name('04-applicant'));
      await button(page, '下一步').click();

      // Consent, explicitly.
      await page.waitForURL(/register\/consent/);
      // The sentence under the text (the text itself also says 我已阅读并同意).
      await page.locator('.agree-text').locator('visible=true').click();
      await page.locator('.nut-checkbox[aria-checked="true"]').locator('visible=true').waitFor();
      await settle(page);
      await shot(page, SUITE, name('05-consent'));
      await button(page, '同意并继续').click();

      // Three photos through the browser's file chooser, each previewed, then uploaded.
      await page.waitForURL(/register\/capture/);
      const caseId = new URL(page.url().replace('#/', '')).searchParams.get('id') ?? '';
      expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
      for (const [i, kind] of DOCUMENT_KINDS.entries()) {
        await page.locator(`[data-kind="${kind}"]`).locator('visible=true').waitFor();
        const chooser = page.waitForEvent('filechooser');
        await button(page, '从相册选').click();
        await (await chooser).setFiles(join(FIXTURES, `${kind}.jpg`));
        await button(page, '清楚，上传这张').waitFor();
        if (i === 0) {
          await page.waitForFunction(() =>
            [...document.querySelectorAll('img')].some(
              (img) => img.complete && img.naturalWidth > 0 && img.offsetParent !== null,
            ),
          );
          await settle(page);
          await shot(page, SUITE, name('06-capture-preview'));
        }
        await button(page, '清楚，上传这张').click();
        // The API checks each photo at upload (issue 8): a pass moves on with a tick; these
        // fixtures (960 px wide, the card a little small for the default policy) get a warning,
        // whose advice is shown with 重新拍摄 and 仍然使用这张 — kept here.
        const following = DOCUMENT_KINDS[i + 1];
        const movedOn = following
          ? page.locator(`[data-kind="${following}"]`).locator('visible=true')
          : visible(page, '✓ 照片都上传好了');
        const keep = button(page, '仍然使用这张');
        await movedOn.or(keep).first().waitFor();
        if (await keep.isVisible()) {
          await button(page, '重新拍摄').waitFor();
          if (i === 0) {
            await settle(page);
            await shot(page, SUITE, name('06b-capture-verdict'));
          }
          await keep.click();
          await movedOn.waitFor();
        }
        await visible(page, `已上传 ${i + 1} / 3 张`).waitFor();
      }

      // Name and a valid ID number (兴义市, an adult), checked live, saved.
      const id = idNumber('19800101', 100 + n);
      await page
        .locator('input[placeholder="和身份证上一致"]')
        .locator('visible=true')
        .fill('杨光明');
      await page
        .locator('input[placeholder="18 位，末位可能是 X"]')
        .locator('visible=true')
        .fill(id);
      await visible(page, /兴义市/).waitFor();
      await settle(page);
      await shot(page, SUITE, name('07-capture-done'));
      await button(page, '下一步：核对信息').click();

      // Review (masked) and submit once.
      await page.waitForURL(/register\/review/);
      await visible(page, `身份证号：5223**********${id.slice(14)}`).waitFor();
      await settle(page);
      await shot(page, SUITE, name('08-review'));
      await button(page, '确认无误，提交').click();

      await page.waitForURL(/case\/detail/);
      await visible(page, '已提交，等待审核').waitFor();
      await settle(page);
      await shot(page, SUITE, name('09-submitted'));

      // An agent approves through the console API; the worker lifts the suspension.
      await agentApproves(caseId);
      // The worker lifts the suspension through the fake carrier: refresh until the page says so.
      const deadline = Date.now() + 30_000;
      for (;;) {
        await button(page, '刷新').click();
        await visible(page, '登记成功').waitFor();
        if (await visible(page, /号码已恢复正常/).isVisible()) break;
        if (Date.now() > deadline) throw new Error('the number was not lifted within 30 s');
        await page.waitForTimeout(1000);
      }
      await settle(page);
      await shot(page, SUITE, name('10-approved'));

      // The number's own page agrees.
      await page.goto(`${stack.base}/h5/#/number/status/index`);
      await visible(page, '正常使用').waitFor();
      expect(await button(page, '开始实名登记').isVisible()).toBe(false);
      await settle(page);
      await shot(page, SUITE, name('11-status-active'));
    });
  }

  it('should take the WeChat user through web authorisation once when the H5 is opened inside WeChat', async () => {
    // qxn-unicom gets an official account (the emulator plays WeChat); qxn-telecom has none.
    const admin = await stack.api<{ token: string }>('/api/console/login', {
      body: { username: 'qxn-unicom-admin', password: 'shiming-demo' },
    });
    const account = await stack.api('/api/console/admin/wechat/account', {
      method: 'PUT',
      token: admin.body.token,
      body: { appId: 'wxe2eunicom0001', appSecret: 'e2e-secret-unicom', token: 'e2etoken' },
    });
    expect(account.status).toBe(200);

    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      userAgent:
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36 MicroMessenger/8.0.50 NetType/WIFI Language/zh_CN',
    });
    const { page, errors } = await strictPage(ctx);
    contexts.push({ ctx, errors });
    const starts: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/auth/wechat-oauth/start')) starts.push(r.url());
    });

    // Through WeChat and back: a session in localStorage, nothing left in the address.
    await page.goto(`${stack.base}/h5/?tenant=qxn-unicom#/pages/home/index`);
    await visible(page, '黔西南联通').waitFor();
    expect(starts).toHaveLength(1);
    expect(page.url()).toBe(`${stack.base}/h5/?tenant=qxn-unicom#/pages/home/index`);
    const stored = await page.evaluate(() => localStorage.getItem('shiming:session:qxn-unicom'));
    expect(JSON.parse(stored ?? '{}')).toMatchObject({
      data: { token: expect.any(String), phoneMasked: null },
    });
    await settle(page);
    await shot(page, SUITE, 'wechat-oauth-home');

    // A tenant without an official account sends the browser straight back: no second trip.
    await page.goto(`${stack.base}/h5/?tenant=qxn-telecom#/pages/home/index`);
    await visible(page, '黔西南电信').waitFor();
    await page.waitForLoadState('networkidle');
    expect(starts).toHaveLength(2);
    expect(page.url()).toBe(`${stack.base}/h5/?tenant=qxn-telecom#/pages/home/index`);
  });

  it('should render every page without a console error or sideways scrolling at 320 and 414 px', async () => {
    // A proven number with a draft case, as the pages that need one expect.
    const sub: Subscriber = await proveNumber(stack, {
      tenant: TENANT,
      phone: demoNumber(TENANT, 3),
      via: 'h5',
    });
    const created = await openCase(stack, sub, 'self');
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    const routes: Array<[string, string]> = [
      ['home', 'pages/home/index'],
      ['prove', 'number/prove/index?next=register'],
      ['status', 'number/status/index'],
      ['applicant', 'register/applicant/index'],
      ['consent', `register/consent/index?id=${caseId}`],
      ['capture', `register/capture/index?id=${caseId}`],
      ['review', `register/review/index?id=${caseId}`],
      ['case', `case/detail/index?id=${caseId}`],
      ['notice', 'notice/verify/index'],
    ];
    const overflowing: string[] = [];
    for (const width of [320, 414]) {
      for (const elder of [false, true]) {
        const { page } = await open({ width, height: 740 });
        await page.addInitScript(
          ([tenant, token, expiresAt, phoneMasked, elderOn]) => {
            localStorage.setItem('shiming:elder-mode', JSON.stringify({ data: elderOn }));
            localStorage.setItem(
              `shiming:session:${tenant}`,
              JSON.stringify({ data: { token, expiresAt, phoneMasked } }),
            );
          },
          [
            TENANT,
            sub.token,
            new Date(Date.now() + 3600_000).toISOString(),
            '138****0003',
            elder,
          ] as const,
        );
        for (const [label, route] of routes) {
          await page.goto(`${stack.base}/h5/#/${route}`);
          await page.locator('.page').locator('visible=true').waitFor();
          await page.waitForLoadState('networkidle');
          await settle(page);
          expect(await page.locator('.page').locator('visible=true').innerText()).not.toMatch(
            /没有成功/,
          );
          // Sideways scrolling, or something cut off at the right edge of a card.
          const wide = await page.evaluate(() => {
            if (document.documentElement.scrollWidth > window.innerWidth) return ['the page'];
            return [...document.querySelectorAll<HTMLElement>('.page *')]
              .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().width > 0)
              .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
              .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]}`)
              .slice(0, 3);
          });
          if (wide.length > 0)
            overflowing.push(`${label} ${width}${elder ? ' elder' : ''}: ${wide.join(', ')}`);
          await shot(page, `${SUITE}/widths`, `${label}-${width}${elder ? '-elder' : ''}`);
        }
      }
    }
    expect(overflowing).toEqual([]);
  });
});
