import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, shot, Stack, startStack, strictPage } from './stack';
import {
  demoNumber,
  numberStatus,
  openCase,
  proveNumber,
  Subscriber,
  submitCase,
} from './subscriber';

/**
 * Issue 5: the review console in Chromium against the real API on PostgreSQL (demo seed, outbox
 * worker and fake carrier on). Two agents work the queue at once, a supervisor watches, a carrier
 * admin changes the policy; one case is processed with the keyboard alone. Every page must load
 * without a console error; screenshots go to test-artifacts/console/.
 */
const SUITE = 'console';
const PASSWORD = 'shiming-demo';
const UUID = /#\/review\/([0-9a-f-]{36})$/;

/** Polls until `check` holds; fails after `ms`. */
async function waitUntil(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  for (const until = Date.now() + ms; !(await check());) {
    if (Date.now() > until) throw new Error(`not true within ${ms} ms: ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface CasePage {
  ctx: BrowserContext;
  page: Page;
  errors: string[];
}

describe('review console', () => {
  let stack: Stack;
  let browser: Browser;
  /** qxn-mobile numbers 1 and 2, submitted; keyed by case id. */
  const byCase = new Map<string, Subscriber>();
  let telecom: Subscriber;
  let approvedCase = '';
  const open: CasePage[] = [];

  async function session(viewport = { width: 1440, height: 900 }): Promise<CasePage> {
    const ctx = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
    const { page, errors } = await strictPage(ctx);
    page.setDefaultTimeout(10_000);
    const s = { ctx, page, errors };
    open.push(s);
    return s;
  }

  async function login(page: Page, username: string): Promise<void> {
    await page.goto(`${stack.base}/console/#/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(/#\/review$/);
    await page.getByRole('button', { name: /领取下一单/ }).waitFor();
  }

  /** Every document image of the open case decoded (the signed, watermarked URL answered a JPEG). */
  async function documentsShown(page: Page): Promise<number> {
    await page.waitForFunction(() => {
      const imgs = Array.from(
        document.querySelectorAll<HTMLImageElement>('img[src*="/api/console/documents/"]'),
      );
      return imgs.length >= 3 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    return page.locator('img[src*="/api/console/documents/"]').count();
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    const subs = await Promise.all([
      proveNumber(stack, { tenant: 'qxn-mobile', phone: demoNumber('qxn-mobile', 1) }),
      proveNumber(stack, { tenant: 'qxn-mobile', phone: demoNumber('qxn-mobile', 2), via: 'h5' }),
      proveNumber(stack, { tenant: 'qxn-telecom', phone: demoNumber('qxn-telecom', 1) }),
    ]);
    const [a, b, t] = subs;
    // Submitted one after the other, so the queue order is known (oldest first).
    for (const sub of [a, b]) byCase.set((await submitCase(stack, sub)).id, sub);
    await submitCase(stack, t);
    telecom = t;
  });

  afterEach(async () => {
    for (const s of open.splice(0)) {
      expect(s.errors).toEqual([]);
      await s.ctx.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('should give two agents working at once two different cases; one approves by keyboard, the other asks for resubmission with two reasons', async () => {
    const [one, two] = await Promise.all([session(), session()]);
    await Promise.all([login(one.page, 'qxn-mobile-agent'), login(two.page, 'qxn-mobile-agent2')]);
    await shot(one.page, SUITE, '01-agent-ready');

    // Both press N at the same moment.
    await Promise.all([one.page.keyboard.press('n'), two.page.keyboard.press('n')]);
    await Promise.all([one.page.waitForURL(UUID), two.page.waitForURL(UUID)]);
    const caseOne = UUID.exec(one.page.url())![1]!;
    const caseTwo = UUID.exec(two.page.url())![1]!;
    expect(caseOne).not.toBe(caseTwo);
    expect(new Set([caseOne, caseTwo])).toEqual(new Set(byCase.keys()));

    for (const s of [one, two]) {
      expect(await documentsShown(s.page)).toBe(3);
      await expect(s.page.getByRole('timer').textContent()).resolves.toMatch(/(09|10):\d\d/);
    }
    await shot(one.page, SUITE, '02-agent1-case');
    await shot(two.page, SUITE, '03-agent2-case');

    // The viewer: zoom and rotate on a document, closed again with Esc.
    await one.page.locator('img[src*="/api/console/documents/"]').first().click();
    await one.page.locator('.ant-image-preview').waitFor();
    await shot(one.page, SUITE, '04-document-viewer');
    await one.page.keyboard.press('Escape');
    await one.page.locator('.ant-image-preview').waitFor({ state: 'hidden' });

    // Reveal asks for a reason and shows the cleartext ID number.
    const masked = await one.page.getByTestId('id-number').textContent();
    expect(masked).toMatch(/^5223\*{10}\d{3}[\dX]$/);
    await one.page.keyboard.press('v');
    const dialog = one.page.getByRole('dialog');
    await dialog.getByLabel('用户来电核实身份').check();
    await shot(one.page, SUITE, '05-reveal-reason');
    await dialog.getByRole('button', { name: /确认查看/ }).click();
    await one.page
      .getByTestId('id-number')
      .filter({ hasText: /^522301\d{11}[\dX]$/ })
      .waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // Agent one approves with the keyboard: A, then Ctrl+Enter.
    await one.page.keyboard.press('a');
    await one.page.getByRole('button', { name: /确认通过/ }).waitFor();
    await shot(one.page, SUITE, '06-approve');
    await one.page.keyboard.press('Control+Enter');
    // Straight on to the next case: the queue is empty for qxn-mobile now.
    await one.page.getByText('队列已清空').waitFor();
    approvedCase = caseOne;

    // Agent two asks for resubmission with two reasons: the ID front is blurry, the handheld photo not the holder.
    await two.page.getByRole('button', { name: /要求补正/ }).click();
    const form = two.page.getByTestId('resubmit-form');
    await form.getByRole('group', { name: '机主身份证人像面' }).getByLabel('照片模糊').check();
    await form
      .getByRole('group', { name: '办理人手持身份证照片' })
      .getByLabel('非本人手持')
      .check();
    const message = form.getByLabel('给用户的说明');
    // Prefilled from the two reasons' subscriber texts (the domain's composeResubmissionMessage).
    const text = await message.inputValue();
    expect(text).toContain('照片看不清');
    expect(text).toContain('不是同一人');
    await shot(two.page, SUITE, '07-resubmit-two-reasons');
    await two.page.getByRole('button', { name: /发送补正要求/ }).click();
    await two.page.getByText('队列已清空').waitFor();
    await shot(two.page, SUITE, '08-queue-empty');

    // What the subscribers see through their API.
    const resub = await stack.api<{
      state: string;
      resubmission: { items: Array<{ reason: string; document?: string }>; redo: string[] };
    }>(`/api/cases/${caseTwo}`, { token: byCase.get(caseTwo)!.token });
    expect(resub.body.state).toBe('needs_resubmission');
    expect(resub.body.resubmission.items.map((i) => i.reason).sort()).toEqual([
      'blurry',
      'not_the_holder',
    ]);
    expect(resub.body.resubmission.redo.sort()).toEqual(['id_front', 'id_handheld']);
  });

  it('should lift the approved number: the worker calls the (fake) carrier once and the number is active', async () => {
    const owner = byCase.get(approvedCase)!;
    await waitUntil(async () => (await numberStatus(stack, owner)).state === 'active');
    expect(await numberStatus(stack, owner)).toMatchObject({ state: 'active', registered: true });
    const calls = await stack.api<Array<{ action: string; idempotencyKey: string }>>(
      '/api/demo/provisioning/calls',
    );
    expect(calls.body.filter((c) => c.idempotencyKey === `lift:${approvedCase}`)).toHaveLength(1);
  });

  it('should show the supervisor both decisions, the audit trail, and retry a dead-lettered lift', async () => {
    // A lift that failed for good: the carrier is unreachable, and its eight tries (hours of
    // backoff) are fast-forwarded in the database.
    const sub = await proveNumber(stack, {
      tenant: 'qxn-mobile',
      phone: demoNumber('qxn-mobile', 3),
    });
    const kase = await submitCase(stack, sub);
    await stack.sql(
      `UPDATE tenant SET provisioning_url = 'http://127.0.0.1:9/carrier' WHERE code = 'qxn-mobile'`,
    );
    const sup = await stack.api<{ token: string }>('/api/console/login', {
      body: { username: 'qxn-mobile-supervisor', password: PASSWORD },
    });
    const claimed = await stack.api<{ id: string; version: number }>('/api/console/queue/next', {
      method: 'POST',
      token: sup.body.token,
    });
    expect(claimed.body.id).toBe(kase.id);
    const decided = await stack.api(`/api/console/cases/${kase.id}/decision`, {
      body: { decision: 'approve', version: claimed.body.version },
      token: sup.body.token,
    });
    expect(decided.status).toBe(200);
    const liftKey = `lift:${kase.id}`;
    await waitUntil(
      async () =>
        (
          await stack.sql(
            `SELECT 1 FROM outbox WHERE idempotency_key = $1 AND attempts >= 1 AND last_error IS NOT NULL`,
            [liftKey],
          )
        ).length === 1,
    );
    await stack.sql(
      `UPDATE outbox SET status = 'dead', attempts = 8, locked_until = NULL WHERE idempotency_key = $1`,
      [liftKey],
    );
    await stack.sql(`UPDATE tenant SET provisioning_url = $1 WHERE code = 'qxn-mobile'`, [
      `${stack.base}/api/demo/provisioning`,
    ]);

    const { page } = await session();
    await login(page, 'qxn-mobile-supervisor');
    await page.goto(`${stack.base}/console/#/supervisor/stats`);
    const agents = page.locator('.ant-table-row', { hasText: 'qxn-mobile-agent' });
    await page.getByText('李娜').waitFor();
    await page.getByText('王强').waitFor();
    expect(await agents.count()).toBe(2);
    await expect(page.getByTestId('rate-resubmit').textContent()).resolves.toContain('（1 单）');
    // Approved: agent one's case and the supervisor's own.
    await expect(page.getByTestId('rate-approved').textContent()).resolves.toContain('（2 单）');
    const dead = page.locator('.ant-table-row', {
      hasText: `${demoNumber('qxn-mobile', 3).slice(0, 3)}****${demoNumber('qxn-mobile', 3).slice(-4)}`,
    });
    await dead.waitFor();
    await shot(page, SUITE, '09-supervisor-stats');
    await dead.getByRole('button', { name: /重\s*试/ }).click();
    await page.getByText('已重新加入复机队列').waitFor();
    await waitUntil(async () => (await numberStatus(stack, sub)).state === 'active');
    await page.getByRole('button', { name: /刷新/ }).click();
    await page.getByText('没有复机失败的号码').waitFor();

    // The audit trail of the approved case, looked up by its id.
    await page.goto(`${stack.base}/console/#/supervisor/audit`);
    await page.getByLabel('工单编号').fill(approvedCase);
    await page.getByLabel('工单编号').press('Enter');
    await page.getByText('审核决定：通过').waitFor();
    await page.getByText('查看明文').first().waitFor();
    await expect(page.locator('.ant-table').textContent()).resolves.toContain(
      '坐席 qxn-mobile-agent',
    );
    await shot(page, SUITE, '10-audit-trail');
  });

  it('should let the carrier admin turn proxies off, after which the subscriber API refuses a proxy case', async () => {
    const { page } = await session();
    await login(page, 'qxn-mobile-admin');

    await page.goto(`${stack.base}/console/#/admin/branding`);
    await page.getByLabel('显示名称').waitFor();
    await expect(page.getByLabel('显示名称').inputValue()).resolves.toBe('黔西南移动');
    await shot(page, SUITE, '11-admin-branding');
    await page.getByLabel('客服热线').fill('10086-1');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('品牌设置已保存').waitFor();
    expect(
      (await stack.api<{ hotline: string }>('/api/tenants/qxn-mobile/branding')).body.hotline,
    ).toBe('10086-1');

    await page.goto(`${stack.base}/console/#/admin/policy`);
    const proxy = page.getByRole('switch', { name: '允许代办' });
    await proxy.waitFor();
    expect(await proxy.getAttribute('aria-checked')).toBe('true');
    await proxy.click();
    expect(await proxy.getAttribute('aria-checked')).toBe('false');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('业务政策已保存').waitFor();
    await shot(page, SUITE, '12-admin-policy-proxy-off');

    const sub = await proveNumber(stack, {
      tenant: 'qxn-mobile',
      phone: demoNumber('qxn-mobile', 4),
    });
    const refused = await openCase(stack, sub, 'proxy');
    expect(refused.status).toBe(422);
    expect(refused.body.error?.code).toBe('PROXY_NOT_ALLOWED');

    await page.goto(`${stack.base}/console/#/admin/agents`);
    await page.getByText('qxn-mobile-agent2').waitFor();
    await shot(page, SUITE, '13-admin-agents');

    await page.goto(`${stack.base}/console/#/admin/dashboard`);
    await page
      .getByTestId('rate-chart')
      .locator('.recharts-line-curve')
      .first()
      .waitFor({ state: 'attached' });
    await page.mouse.move(0, 0); // no chart tooltip left over from the last click
    await shot(page, SUITE, '14-admin-dashboard');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出 CSV/ }).click(),
    ]);
    const csv = await download.createReadStream().then(async (s) => {
      let text = '';
      for await (const chunk of s) text += String(chunk);
      return text;
    });
    expect(csv.split('\n')[0]).toBe('date,registered,single_stop,double_stop,cancelled,rate');
    expect(csv).toMatch(/\ncurrent,\d+,\d+,\d+,\d+,[\d.]+\n$/);
  });

  it('should let an agent process a case with the keyboard alone', async () => {
    const { page } = await session();
    await page.goto(`${stack.base}/console/#/login`);
    // The user name field has the focus (once the page has rendered: typing earlier loses keys).
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('autocomplete') === 'username',
    );
    await page.keyboard.type('qxn-telecom-agent');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/review$/);
    await page.getByRole('button', { name: /领取下一单/ }).waitFor();
    await page.keyboard.press('n');
    await page.waitForURL(UUID);
    const caseId = UUID.exec(page.url())![1]!;
    await documentsShown(page);

    // V: the reveal dialog; the first reason is preselected; Ctrl+Enter confirms.
    await page.keyboard.press('v');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page
      .getByTestId('id-number')
      .filter({ hasText: /^522301\d{11}[\dX]$/ })
      .waitFor();

    // J: reject; the focus is on the reasons: Space picks the first, Ctrl+Enter confirms.
    await page.keyboard.press('j');
    await page.getByTestId('reject-form').waitFor();
    await page.keyboard.press('Space');
    await shot(page, SUITE, '15-keyboard-reject');
    await page.keyboard.press('Control+Enter');
    await page.getByText('队列已清空').waitFor();
    await shot(page, SUITE, '16-keyboard-done');

    const seen = await stack.api<{ state: string; rejection: { reason: string } | null }>(
      `/api/cases/${caseId}`,
      { token: telecom.token },
    );
    expect(seen.body.state).toBe('rejected');
    expect(seen.body.rejection?.reason).toBeTruthy();
  });
  it("should let a carrier admin import the billing system's list, set up the official account and publish its menu, and run a reminder campaign", async () => {
    const { page } = await session();
    await login(page, 'qxn-unicom-admin');

    // 号码导入: three new unicom numbers in 安龙县, a China Mobile number, a bad state, a repeat.
    const csv = [
      'number,line_type,unregistered_kind,state,region_code',
      '18659910001,mobile,temporary_account,single_stop,522328',
      '18659910002,mobile,incomplete_data,single_stop,522328',
      '18659910003,mobile,group_card,double_stop,522328',
      '13859910004,mobile,temporary_account,single_stop,522328',
      '18659910005,mobile,temporary_account,suspended,522328',
      '18659910001,mobile,temporary_account,single_stop,522328',
      '',
    ].join('\n');
    const upload = async () => {
      await page.locator('input[type=file]').setInputFiles({
        name: '停机名单.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await page.getByTestId('picked-file').getByText(/\d+ B/).waitFor();
      await page.getByRole('button', { name: '开始导入' }).click();
      await page.getByTestId('import-result').waitFor();
    };
    await page.goto(`${stack.base}/console/#/admin/imports`);
    await upload();
    await page.getByText('导入完成，3 行被拒绝').waitFor();
    await expect(page.getByTestId('count-inserted').textContent()).resolves.toContain('3');
    await expect(page.getByTestId('count-rejected').textContent()).resolves.toContain('3');
    const refused = page.getByTestId('import-result').locator('.ant-table-row');
    expect(await refused.count()).toBe(3);
    await expect(refused.nth(0).textContent()).resolves.toContain('中国移动');
    await expect(refused.nth(2).textContent()).resolves.toContain('重复');
    await shot(page, SUITE, '17-admin-import');
    // The same file again changes nothing.
    await page
      .getByTestId('import-result')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await upload();
    await page.getByTestId('count-unchanged').getByText('3').waitFor();
    await expect(page.getByTestId('count-inserted').textContent()).resolves.toContain('0');

    // 公众号: nothing configured yet; the credentials, then the menu previewed and published.
    const appId = `wx${randomBytes(8).toString('hex')}`;
    await page.goto(`${stack.base}/console/#/admin/wechat`);
    await page.getByText('尚未配置公众号').waitFor();
    await page.getByLabel('公众号 AppID').fill(appId);
    await page.getByLabel(/AppSecret/).fill('e2e-console-secret-0123');
    await page.getByLabel(/消息服务器 Token/).fill('e2eConsoleToken');
    await page.getByLabel('提醒模板消息 ID').fill('tpl-e2e-reminder');
    await page.getByRole('button', { name: /保存配置/ }).click();
    await page.getByText('公众号配置已保存').waitFor();
    await page.getByTestId('callback-url').getByText('/api/wechat/callback/qxn-unicom').waitFor();
    expect(await page.getByLabel(/AppSecret/).inputValue()).toBe('');
    await page.getByTestId('menu-top').first().waitFor();
    expect(await page.getByTestId('menu-top').allTextContents()).toEqual([
      '实名认证号码状态≡ 我要办理',
      '核实通知',
      '客服热线',
    ]);
    await shot(page, SUITE, '18-admin-official-account');
    await page.getByRole('button', { name: /发布菜单/ }).click();
    await page.getByRole('button', { name: /^发\s*布$/ }).click();
    await page.getByText('菜单已发布到微信').first().waitFor();
    const published = await stack.api<{ menu: { button: Array<{ name: string }> } | null }>(
      `/api/demo/wechat/menu?appid=${appId}`,
    );
    expect(published.body.menu?.button.map((b) => b.name)).toEqual([
      '我要办理',
      '核实通知',
      '客服热线',
    ]);

    // 提醒活动: the three imported numbers by their region, counted before creating, then sent.
    await page.goto(`${stack.base}/console/#/admin/campaigns`);
    await page.getByRole('button', { name: /新建活动/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/按当前条件将选中 \d+ 个号码/).waitFor();
    await dialog.getByLabel('活动名称').fill('安龙县未实名提醒');
    await dialog.getByRole('combobox', { name: '地区' }).click();
    await page.getByText('安龙县（522328） · 3 个').click();
    await dialog.getByText('新建提醒活动').click();
    await dialog.getByText('按当前条件将选中 3 个号码').waitFor();
    await shot(page, SUITE, '19-admin-campaign-new');
    await dialog.getByRole('button', { name: /创建活动/ }).click();
    const report = page.getByTestId('campaign-report');
    await report.getByText('待开始').waitFor();
    await report.getByRole('button', { name: /开始发送/ }).click();
    await page.getByText(/将向 3 个号码发送提醒/).waitFor();
    await page
      .getByRole('button', { name: /开始发送/ })
      .last()
      .click();
    // The worker sends; the page refreshes itself until it is done.
    await report.getByText('已完成').waitFor({ timeout: 60_000 });
    // The double stop cannot receive an SMS and follows no official account: skipped, with why.
    await expect(report.getByTestId('campaign-count-sent').textContent()).resolves.toContain('2');
    await expect(report.getByTestId('campaign-count-skipped').textContent()).resolves.toContain(
      '1',
    );
    await report
      .getByTestId('skipped-reasons')
      .getByText('双停号码收不到短信，且未关注公众号')
      .waitFor();
    await expect(report.getByTestId('campaign-progress-text').textContent()).resolves.toContain(
      '3 / 3',
    );
    await shot(page, SUITE, '20-admin-campaign-report');
    await page.goto(`${stack.base}/console/#/admin/campaigns`);
    await page
      .locator('.ant-table-row', { hasText: '安龙县未实名提醒' })
      .getByText('已完成')
      .waitFor();

    // The reminders went out by SMS (no follower), each with a notice code the public check knows.
    const outbox = await stack.api<Array<{ text: string; code: string }>>(
      '/api/demo/sms-outbox?phone=18659910001',
    );
    const code = outbox.body[0]?.code ?? '';
    expect(outbox.body[0]?.text).toContain(`输入 ${code}`);
    const verified = await stack.api<{ genuine: boolean }>(
      `/api/notices/verify?tenant=qxn-unicom&code=${code}`,
    );
    expect(verified.body.genuine).toBe(true);
  });
});
