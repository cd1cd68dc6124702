/**
 * Issue 8 on the COMPILED weapp build: the quality verdict right after an upload (a blurred photo
 * retaken, a warning kept), a submission refused for photo quality leading back to that photo, and
 * the name and ID number offered from the card (filled only when tapped).
 */
const { openPage, until, tapText } = require('./harness');

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
const withPhotos = (over = {}) => ({
  ...draft,
  documents: draft.requiredDocuments.map((kind, i) => ({
    id: `d${i}`,
    kind,
    uploadedAt: '',
    stale: false,
  })),
  ...over,
});
const token = { token: 'wx-session', expiresAt: new Date(Date.now() + 3600_000).toISOString() };
const check = (code, verdict, message) => ({ code, score: 1, threshold: 2, verdict, message });
const quality = {
  blurred: {
    verdict: 'fail',
    blocking: true,
    checks: [
      check('blur', 'fail', '照片模糊，请拿稳手机、对准证件重新拍。'),
      check('glare', 'pass', '没有反光。'),
    ],
  },
  far: {
    verdict: 'warn',
    checks: [check('framing', 'warn', '证件在画面里有点小，靠近一些拍会更清楚。')],
  },
  sharp: { verdict: 'pass', checks: [check('blur', 'pass', '照片清晰。')] },
};

function api(routes) {
  return (opts) => {
    const key = `${opts.method} ${opts.url.replace(API, '')}`;
    const route = routes[key];
    if (!route) throw new Error(`unexpected ${key}`);
    return typeof route === 'function' ? route(opts) : route;
  };
}

test('capture: a blurred photo is named and retaken before moving on; a warning can be kept', async () => {
  const verdicts = [quality.blurred, quality.sharp, quality.far];
  const uploaded = [];
  const { page, env, root } = openPage(
    'register/capture/index',
    { id: 'c1' },
    {
      login: () => ({ code: 'wx-login-code' }),
      chooseMedia: () => ({
        tempFiles: [
          { tempFilePath: `wxfile://tmp_${env.calls.length}.jpg`, size: 1, fileType: 'image' },
        ],
        type: 'image',
      }),
      uploadFile: (opts, progress) => {
        progress(100);
        const kind = opts.url.split('/').pop();
        uploaded.push(kind);
        return {
          statusCode: 201,
          data: JSON.stringify({
            id: `d${uploaded.length}`,
            kind,
            width: 1600,
            height: 1000,
            bytes: 1,
            uploadedAt: '',
            quality: verdicts.shift(),
          }),
        };
      },
      request: api({
        'GET /api/tenants/qxn-mobile/branding': { statusCode: 200, data: branding },
        'POST /api/auth/wechat-login': { statusCode: 200, data: token },
        'GET /api/cases/c1': { statusCode: 200, data: draft },
      }),
    },
  );

  await until(() => root.textContent.includes('拍：机主身份证人像面'));
  await tapText(page, root, '拍照');
  await until(() => root.textContent.includes('清楚，上传这张'));
  await tapText(page, root, '清楚，上传这张');

  // Blurred: told so, what to do, and only a retake.
  await until(() => root.textContent.includes('照片模糊，请重拍'));
  expect(root.textContent).toContain('拿稳手机、对准证件重新拍');
  expect(root.textContent).toContain('拍：机主身份证人像面');
  expect(root.textContent).not.toContain('仍然使用这张');
  const chooses = () => env.calls.filter((c) => c.api === 'chooseMedia').length;
  expect(chooses()).toBe(1);
  await tapText(page, root, '重新拍摄');
  await until(() => chooses() === 2 && root.textContent.includes('清楚，上传这张'));
  expect(env.calls.filter((c) => c.api === 'chooseMedia').pop().opts.sourceType).toEqual([
    'camera',
  ]);
  await tapText(page, root, '清楚，上传这张');
  await until(() => root.textContent.includes('拍：机主身份证国徽面'));
  expect(uploaded).toEqual(['id_front', 'id_front']);

  // A warning: the advice, and the choice to keep it.
  await tapText(page, root, '拍照');
  await until(() => root.textContent.includes('清楚，上传这张'));
  await tapText(page, root, '清楚，上传这张');
  await until(() => root.textContent.includes('证件离得有点远，建议重拍'));
  expect(root.textContent).toContain('靠近一些拍会更清楚');
  await tapText(page, root, '仍然使用这张');
  await until(() => root.textContent.includes('拍：办理人手持身份证照片'));
  expect(uploaded).toEqual(['id_front', 'id_front', 'id_back']);
});

test('review: a submission refused for photo quality names the photo and opens the camera for it', async () => {
  const { page, env, root } = openPage(
    'register/review/index',
    { id: 'c1' },
    {
      login: () => ({ code: 'wx-login-code' }),
      request: api({
        'GET /api/tenants/qxn-mobile/branding': { statusCode: 200, data: branding },
        'POST /api/auth/wechat-login': { statusCode: 200, data: token },
        'GET /api/cases/c1': {
          statusCode: 200,
          data: withPhotos({
            applicant: { nameMasked: '张*', idNumberMasked: '1101**********0011' },
          }),
        },
        'POST /api/cases/c1/submit': {
          statusCode: 422,
          data: {
            error: {
              code: 'PHOTO_QUALITY_FAILED',
              message: '有照片不合格',
              documents: [{ kind: 'id_back', checks: ['glare'] }],
            },
          },
        },
      }),
    },
  );
  await until(() => root.textContent.includes('确认无误，提交'));
  await tapText(page, root, '确认无误，提交');
  await until(() => root.textContent.includes('这些照片不够清楚'));
  expect(root.textContent).toContain('机主身份证国徽面（反光）');
  await tapText(page, root, '重拍机主身份证国徽面');
  await until(() => env.calls.some((c) => c.api === 'navigateTo'));
  expect(env.calls.find((c) => c.api === 'navigateTo').opts.url).toBe(
    '/register/capture/index?id=c1&retake=id_back',
  );
});

test('capture: the name and ID number read off the card fill the form only when the subscriber taps', async () => {
  let ocrAsks = 0;
  let saved = null;
  const { page, env, root } = openPage(
    'register/capture/index',
    { id: 'c1' },
    {
      login: () => ({ code: 'wx-login-code' }),
      request: api({
        'GET /api/tenants/qxn-mobile/branding': { statusCode: 200, data: branding },
        'POST /api/auth/wechat-login': { statusCode: 200, data: token },
        'GET /api/cases/c1': { statusCode: 200, data: withPhotos() },
        'GET /api/cases/c1/ocr': () => {
          ocrAsks++;
          return {
            statusCode: 200,
            data:
              ocrAsks === 1
                ? { status: 'pending' }
                : { status: 'done', name: '张三', idNumber: '110101199003070011' },
          };
        },
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
  await until(() => root.textContent.includes('照片都上传好了'));
  await until(() => root.textContent.includes('正在从证件照片识别'));
  await until(() => root.textContent.includes('身份证号 110101199003070011'), { timeout: 6000 });
  expect(root.textContent).toContain('姓名 张三');
  expect(saved).toBeNull();
  await tapText(page, root, '使用识别结果');
  await until(() => root.textContent.includes('已填入识别结果'));
  // The live check of the domain runs on the filled number, as if typed.
  await until(() => root.textContent.includes('北京市'));
  expect(saved).toBeNull();
  await tapText(page, root, '下一步：核对信息');
  await until(() => saved !== null);
  expect(saved).toEqual({ name: '张三', idNumber: '110101199003070011' });
  expect(env.calls.find((c) => c.api === 'redirectTo').opts.url).toBe(
    '/register/review/index?id=c1',
  );
});
