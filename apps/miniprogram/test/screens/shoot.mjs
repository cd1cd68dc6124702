#!/usr/bin/env node
// Looks at the H5 build as a person would: serves dist-h5 at /h5/, answers /api with
// the given scenario (or lets it fail, to see the error states), and saves PNGs of
// every page at 320 and 414 px, normal and elder mode, into .shots/ (not committed).
// Usage: node test/screens/shoot.mjs [--offline]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist-h5');
const out = path.join(root, '.shots');
const offline = process.argv.includes('--offline');
fs.mkdirSync(out, { recursive: true });

const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (!url.pathname.startsWith('/h5/')) return void res.writeHead(404).end();
  let file = path.join(dist, url.pathname.slice(4) || 'index.html');
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory())
    file = path.join(dist, 'index.html');
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/h5/`;

const policy = {
  proxyAllowed: false,
  enterpriseAllowed: true,
  smsChannelEnabled: false,
  singleToDoubleDate: '2016-11-01',
  doubleToCancelGraceDays: 30,
  perIdentityLimit: 5,
  minAge: 16,
  resubmissionCap: 3,
  retentionDays: 180,
};
const branding = {
  code: 'qxn-mobile',
  carrier: 'mobile',
  region: '黔西南州',
  displayName: '黔西南移动',
  officialAccountName: '中国移动10086',
  hotline: '10086',
  logoUrl: null,
  primaryColor: '#0085d0',
  accentColor: '#8cc63f',
  policy,
  consent: {
    version: '2016-10-v1',
    title: '身份证照片处理授权',
    text: '为了完成实名登记，我们需要处理您的身份证照片、姓名和身份证号。\n这些信息只用于本次登记，加密保存，到期删除。',
  },
};
const kase = {
  id: 'c1',
  state: 'needs_resubmission',
  applicantType: 'self',
  phone: '138****8000',
  requiredDocuments: ['id_front', 'id_back', 'id_handheld'],
  documents: [],
  applicant: { nameMasked: '张*', idNumberMasked: '5223**********1234' },
  consentVersion: 'v1',
  resubmission: {
    items: [{ reason: 'BLURRY', label: '照片模糊', document: 'id_back' }],
    message: '国徽面拍得不清楚，请在光线好的地方重拍。',
    redo: ['id_back'],
  },
  rejection: null,
  numberState: 'single_stop',
  resubmissionsLeft: 2,
  createdAt: '',
  submittedAt: '',
  decidedAt: null,
};
const number = {
  phone: '138****8000',
  lineType: 'mobile',
  state: 'single_stop',
  description: {},
  unregisteredKind: 'temporary_account',
  nextEscalation: { to: 'double_stop', date: '2016-11-10', daysLeft: 5 },
  registered: false,
};
// Issue 8: a draft whose ID front failed the quality checks (the verdict on the capture page,
// 需要重拍 on the review page), and a draft with every photo whose card OCR read (the prefill).
const doc = (kind, quality) => ({ id: `d-${kind}`, kind, uploadedAt: '', stale: false, quality });
const blurred = {
  verdict: 'fail',
  blocking: true,
  checks: [
    {
      code: 'blur',
      score: 41.2,
      threshold: 150,
      verdict: 'fail',
      message: '照片模糊，请拿稳手机、对准证件重新拍。',
    },
    {
      code: 'glare',
      score: 2,
      threshold: 1,
      verdict: 'fail',
      message: '证件上有反光，文字看不清，请避开灯光或窗户、稍微倾斜手机重新拍。',
    },
  ],
};
const draft = { ...kase, state: 'draft', resubmission: null, applicant: null };
const failedFront = {
  ...draft,
  id: 'c2',
  documents: [doc('id_front', blurred), doc('id_back', null), doc('id_handheld', null)],
};
const allPhotos = {
  ...draft,
  id: 'c3',
  documents: [doc('id_front', null), doc('id_back', null), doc('id_handheld', null)],
};
const answers = {
  'GET /api/cases/c2': failedFront,
  'GET /api/cases/c3': allPhotos,
  'GET /api/cases/c3/ocr': { status: 'done', name: '欧阳娜娜', idNumber: '52230119800101102X' },
  'GET /api/tenants/qxn-mobile/branding': branding,
  'POST /api/auth/h5-login': { token: 't', expiresAt: '2099-01-01T00:00:00Z' },
  'GET /api/me/number': number,
  'GET /api/cases/c1': kase,
  'GET /api/cases': [kase],
};

const pages = [
  ['home', 'pages/home/index'],
  ['prove', 'number/prove/index?next=register'],
  ['status', 'number/status/index'],
  ['applicant', 'register/applicant/index'],
  ['consent', 'register/consent/index?id=c1'],
  ['capture', 'register/capture/index?id=c1'],
  ['review', 'register/review/index?id=c1'],
  ['capture-verdict', 'register/capture/index?id=c2'],
  ['review-retake', 'register/review/index?id=c2'],
  ['capture-ocr', 'register/capture/index?id=c3'],
  ['case', 'case/detail/index?id=c1'],
  ['notice', 'notice/verify/index'],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const errors = [];
for (const width of [320, 414]) {
  for (const elder of [false, true]) {
    const ctx = await browser.newContext({
      viewport: { width, height: 780 },
      deviceScaleFactor: 1,
    });
    await ctx.addInitScript(
      ([elderOn]) => {
        localStorage.setItem('shiming:elder-mode', JSON.stringify({ data: elderOn }));
        localStorage.setItem(
          'shiming:session:qxn-mobile',
          JSON.stringify({
            data: { token: 't', expiresAt: '2099-01-01T00:00:00Z', phoneMasked: '138****8000' },
          }),
        );
      },
      [elder],
    );
    await ctx.route('**/api/**', (route) => {
      const u = new URL(route.request().url());
      const body = answers[`${route.request().method()} ${u.pathname}`];
      if (offline || body === undefined)
        return route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'UNAVAILABLE', message: '系统正在维护，请稍后再试。' },
          }),
        });
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(body),
      });
    });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`${width}${elder ? ' elder' : ''}: ${e.message}`));
    for (const [name, route] of pages) {
      await page.goto(`${base}#/${route}`);
      await page.waitForTimeout(900);
      const file = path.join(
        out,
        `${name}-${width}${elder ? '-elder' : ''}${offline ? '-offline' : ''}.png`,
      );
      await page.screenshot({ path: file, fullPage: true });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth,
      );
      if (overflow) errors.push(`${name} ${width}${elder ? ' elder' : ''}: wider than the screen`);
    }
    await ctx.close();
  }
}
await browser.close();
server.close();
console.log(`screenshots in ${out}`);
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
