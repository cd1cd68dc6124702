/**
 * The capture-and-submit way through, on the COMPILED weapp build: capture page
 * (privacy authorisation, chooseMedia compressed, uploadFile with progress, a
 * failed upload retried, name + ID number checked by the domain rules) then the
 * review page (subscription message asked at the tap, one submit for a double tap,
 * one Idempotency-Key).
 */
const { openPage, until, tapText, typeInto } = require('./harness');

jest.setTimeout(20000);

const API = 'https://api.shiming.test';
const branding = {
  code: 'qxn-mobile',
  carrier: 'mobile',
  region: '黔西南布依族苗族自治州',
  displayName: '黔西南移动',
  officialAccountName: '中国移动10086',
  hotline: '10086',
  logoUrl: null,
  primaryColor: '#0085d0',
  accentColor: '#8cc63f',
  policy: {
    proxyAllowed: true,
    enterpriseAllowed: true,
    smsChannelEnabled: false,
    singleToDoubleDate: '2016-11-01',
    doubleToCancelGraceDays: 30,
    perIdentityLimit: 5,
    minAge: 16,
    resubmissionCap: 3,
    retentionDays: 180,
  },
  consent: { version: 'v1', title: '个人信息处理授权', text: '只用于实名登记。' },
};
const draft = {
  id: 'c1',
  state: 'draft',
  applicantType: 'self',
  phone: '138****8000',
  requiredDocuments: ['id_front', 'id_back', 'id_handheld'],
  documents: [],
  applicant: null,
  consentVersion: 'v1',
  resubmission: null,
  rejection: null,
  numberState: 'single_stop',
  resubmissionsLeft: 3,
  createdAt: '2016-11-01T00:00:00Z',
  submittedAt: null,
  decidedAt: null,
};
const token = { token: 'wx-session', expiresAt: new Date(Date.now() + 3600_000).toISOString() };

function api(routes) {
  return (opts) => {
    const key = `${opts.method} ${opts.url.replace(API, '')}`;
    const route = routes[key];
    if (!route) throw new Error(`unexpected ${key}`);
    return typeof route === 'function' ? route(opts) : route;
  };
}

test('capture: photographs each required document, retries a failed upload, checks the ID number live', async () => {
  let uploads = 0;
  let saved = null;
  const { page, env, root } = openPage(
    'register/capture/index',
    { id: 'c1' },
    {
      login: () => ({ code: 'wx-login-code' }),
      chooseMedia: () => ({
        tempFiles: [
          { tempFilePath: `wxfile://tmp_${env.calls.length}.jpg`, size: 120000, fileType: 'image' },
        ],
        type: 'image',
      }),
      uploadFile: async (opts, progress) => {
        uploads++;
        progress(40);
        await new Promise((r) => setTimeout(r, 300)); // long enough to see the bar
        if (uploads === 2) return Promise.reject({ errMsg: 'uploadFile:fail timeout' });
        progress(100);
        const kind = opts.url.split('/').pop();
        return {
          statusCode: 201,
          data: JSON.stringify({
            id: `d${uploads}`,
            kind,
            width: 1600,
            height: 1000,
            bytes: 120000,
            uploadedAt: '',
          }),
        };
      },
      request: api({
        'GET /api/tenants/qxn-mobile/branding': { statusCode: 200, data: branding },
        'POST /api/auth/wechat-login': { statusCode: 200, data: token },
        'GET /api/cases/c1': { statusCode: 200, data: draft },
        // OCR off for this carrier: the subscriber types (issue 8's prefill: quality.test.js).
        'GET /api/cases/c1/ocr': { statusCode: 200, data: { status: 'disabled' } },
        'PUT /api/cases/c1/applicant': (opts) => {
          saved = opts.data;
          return {
            statusCode: 200,
            data: { nameMasked: '张*', idNumberMasked: '1101**********0011', age: 26, sex: 'male' },
          };
        },
      }),
    },
  );

  await until(() => root.textContent.includes('拍：机主身份证人像面'));
  expect(root.textContent).toContain('已上传 0 / 3 张');

  // 1. front: camera, preview, upload with progress.
  await tapText(page, root, '拍照');
  await until(() => root.textContent.includes('清楚，上传这张'));
  const privacy = env.calls.findIndex((c) => c.api === 'requirePrivacyAuthorize');
  const choose = env.calls.findIndex((c) => c.api === 'chooseMedia');
  expect(privacy).toBeGreaterThanOrEqual(0);
  expect(privacy).toBeLessThan(choose);
  expect(env.calls[choose].opts).toMatchObject({
    count: 1,
    mediaType: ['image'],
    sourceType: ['camera'],
    sizeType: ['compressed'],
  });
  await tapText(page, root, '清楚，上传这张');
  await until(() => root.textContent.includes('正在上传… 40%'));
  await until(() => root.textContent.includes('拍：机主身份证国徽面'));
  const upload = env.calls.find((c) => c.api === 'uploadFile').opts;
  expect(upload).toMatchObject({
    url: `${API}/api/cases/c1/documents/id_front`,
    name: 'file',
    filePath: expect.stringMatching(/^wxfile:/),
  });
  expect(upload.header.Authorization).toBe('Bearer wx-session');

  // 2. back: the album; the upload fails, the photo is kept and retried.
  await tapText(page, root, '从相册选');
  await until(() => root.textContent.includes('清楚，上传这张'));
  expect(env.calls.filter((c) => c.api === 'chooseMedia').pop().opts.sourceType).toEqual(['album']);
  await tapText(page, root, '清楚，上传这张');
  await until(() => root.textContent.includes('上传没有成功'));
  expect(root.textContent).toContain('网络太慢');
  await tapText(page, root, '重新上传');
  await until(() => root.textContent.includes('拍：办理人手持身份证照片'));

  // 3. hand-held photo.
  await tapText(page, root, '拍照');
  await until(() => root.textContent.includes('清楚，上传这张'));
  await tapText(page, root, '清楚，上传这张');
  await until(() => root.textContent.includes('照片都上传好了'));
  expect(uploads).toBe(4);

  // Name and ID number, checked on the spot by @shiming/domain.
  await typeInto(root, 0, '张三');
  await typeInto(root, 1, '110101199003070016');
  await until(() => root.textContent.includes('请对照身份证逐位核对'));
  await typeInto(root, 1, '11010119900307001１'); // a full-width digit, as some keyboards type
  await until(() => root.textContent.includes('北京市'));
  await tapText(page, root, '下一步：核对信息');
  await until(() => saved !== null);
  expect(saved).toEqual({ name: '张三', idNumber: '110101199003070011' });
  await until(() => env.calls.some((c) => c.api === 'redirectTo'));
  expect(env.calls.find((c) => c.api === 'redirectTo').opts.url).toBe(
    '/register/review/index?id=c1',
  );
});

test('review: one submit for a double tap, with an Idempotency-Key, and the decision message asked at the tap', async () => {
  const submits = [];
  let release;
  const ready = {
    ...draft,
    applicant: { nameMasked: '张*', idNumberMasked: '1101**********0011' },
    documents: draft.requiredDocuments.map((kind, i) => ({
      id: `d${i}`,
      kind,
      uploadedAt: '',
      stale: false,
    })),
  };
  const { page, env, root } = openPage(
    'register/review/index',
    { id: 'c1' },
    {
      login: () => ({ code: 'wx-login-code' }),
      requestSubscribeMessage: () => ({
        TMPL_DECISION: 'accept',
        errMsg: 'requestSubscribeMessage:ok',
      }),
      request: api({
        'GET /api/tenants/qxn-mobile/branding': { statusCode: 200, data: branding },
        'POST /api/auth/wechat-login': { statusCode: 200, data: token },
        'GET /api/cases/c1': { statusCode: 200, data: ready },
        'POST /api/cases/c1/submit': (opts) => {
          submits.push(opts.header['Idempotency-Key']);
          return new Promise((resolve) => {
            release = () => resolve({ statusCode: 200, data: { ...ready, state: 'submitted' } });
          });
        },
      }),
    },
  );

  await until(() => root.textContent.includes('确认无误，提交'));
  expect(root.textContent).toContain('身份证号：1101**********0011');
  await tapText(page, root, '确认无误，提交');
  await tapText(page, root, '确认无误，提交');
  await until(() => submits.length === 1 && release);
  release();
  await until(() => env.calls.some((c) => c.api === 'redirectTo'));
  expect(submits).toHaveLength(1);
  expect(submits[0]).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  expect(env.calls.find((c) => c.api === 'requestSubscribeMessage').opts.tmplIds).toEqual([
    'TMPL_DECISION',
  ]);
  // WeChat keeps the subscriber's answer; the API has nothing to record.
  expect(
    env.calls
      .filter((c) => c.api === 'request')
      .map((c) => c.opts.url.replace('https://api.shiming.test', '')),
  ).not.toContain('/api/me/subscriptions');
  expect(env.calls.find((c) => c.api === 'redirectTo').opts.url).toBe('/case/detail/index?id=c1');
});
