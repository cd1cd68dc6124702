/**
 * Runs pages of the compiled weapp build (dist-weapp-test) in miniprogram-simulate:
 * the wxml goes through WeChat's own wcc (miniprogram-compiler), the JS is what the
 * phone runs. WeChat's globals are shimmed: App/getApp, Page (as a Component),
 * getCurrentPages, and a `wx` whose APIs call success/fail/complete and return a
 * promise. Network APIs (wx.request, wx.uploadFile) are answered by the test.
 */
const path = require('node:path');
const simulate = require('miniprogram-simulate');
// The event system j-component renders with (loaded now, before any resetModules, so it is the same instance).
const exparser = require(
  require.resolve('miniprogram-exparser', {
    paths: [
      path.dirname(
        require.resolve('j-component/package.json', {
          paths: [path.dirname(require.resolve('miniprogram-simulate'))],
        }),
      ),
    ],
  }),
);

const DIST = path.resolve(__dirname, '../../dist-weapp-test');

function settle(opts, fn) {
  return new Promise((resolve, reject) => {
    Promise.resolve()
      .then(fn)
      .then(
        (res) => {
          opts?.success?.(res);
          opts?.complete?.(res);
          resolve(res);
        },
        (err) => {
          opts?.fail?.(err);
          opts?.complete?.(err);
          reject(err);
        },
      );
  });
}

function createWx(handlers) {
  const storage = new Map();
  const calls = [];
  const known = {
    getSystemInfoSync: () => ({
      windowWidth: 375,
      windowHeight: 667,
      screenWidth: 375,
      pixelRatio: 2,
      platform: 'devtools',
      SDKVersion: '3.4.0',
      language: 'zh_CN',
      version: '8.0.50',
    }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, screenWidth: 375, pixelRatio: 2 }),
    getAppBaseInfo: () => ({ SDKVersion: '3.4.0', language: 'zh_CN' }),
    getDeviceInfo: () => ({ platform: 'devtools' }),
    getMenuButtonBoundingClientRect: () => ({
      top: 24,
      bottom: 56,
      left: 280,
      right: 367,
      width: 87,
      height: 32,
    }),
    canIUse: () => true,
    getStorageSync: (k) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k, v) => void storage.set(k, v),
    removeStorageSync: (k) => void storage.delete(k),
    nextTick: (fn) => setTimeout(fn, 0),
    createSelectorQuery: () => ({
      select: () => ({ boundingClientRect: () => ({ exec: (cb) => cb?.([null]) }) }),
      exec: (cb) => cb?.([]),
    }),
    onAppShow() {},
    onAppHide() {},
    offAppShow() {},
    offAppHide() {},
    uploadFile(opts) {
      calls.push({ api: 'uploadFile', opts });
      const listeners = [];
      const task = {
        onProgressUpdate: (cb) => listeners.push(cb),
        abort() {},
        offProgressUpdate() {},
      };
      setTimeout(() => {
        Promise.resolve(
          handlers.uploadFile(opts, (p) => listeners.forEach((l) => l({ progress: p }))),
        ).then(
          (res) => {
            opts.success?.(res);
            opts.complete?.(res);
          },
          (err) => {
            opts.fail?.(err);
            opts.complete?.(err);
          },
        );
      }, 0);
      return task;
    },
    request(opts) {
      calls.push({ api: 'request', opts });
      const p = settle(opts, () => handlers.request(opts));
      p.abort = () => undefined;
      return p;
    },
  };
  // Taro lists wx's own keys to build Taro.* (Object.keys(wx)): name the async APIs the app uses.
  for (const api of [
    'login',
    'chooseMedia',
    'chooseImage',
    'requirePrivacyAuthorize',
    'getNetworkType',
    'navigateTo',
    'redirectTo',
    'navigateBack',
    'makePhoneCall',
    'requestSubscribeMessage',
    'showToast',
    'showModal',
    'getSetting',
    'setStorage',
    'getStorage',
    'removeStorage',
  ]) {
    known[api] = (opts = {}) => {
      calls.push({ api, opts });
      const handler = handlers[api];
      return settle(opts, () => (handler ? handler(opts) : { errMsg: `${api}:ok` }));
    };
  }
  const isApi = (key) =>
    typeof key === 'string' &&
    /^[a-z][A-Za-z]+$/.test(key) &&
    key !== 'then' &&
    key !== 'webpackJsonp';
  const wx = new Proxy(known, {
    has(target, key) {
      return key in target || isApi(key);
    },
    get(target, key) {
      if (key in target) return target[key];
      if (!isApi(key)) return undefined;
      // Every other async wx API: recorded, answered by handlers[key] or { errMsg: 'key:ok' }.
      return (opts = {}) => {
        calls.push({ api: key, opts });
        const handler = handlers[key];
        return settle(opts, () => (handler ? handler(opts) : { errMsg: `${key}:ok` }));
      };
    },
  });
  return { wx, calls, storage };
}

function installGlobals(handlers) {
  const env = createWx(handlers);
  global.wx = env.wx;
  let app = null;
  const pages = [];
  global.App = (opts) => {
    app = opts;
  };
  global.getApp = () => app;
  global.getCurrentPages = () => pages;
  global.Page = (opts) => {
    const methods = {};
    for (const [k, v] of Object.entries(opts)) if (typeof v === 'function') methods[k] = v;
    global.Component({
      data: opts.data ?? {},
      options: opts.options,
      methods,
      lifetimes: {
        attached() {
          pages.push(this);
          this.route = this.__route__ = env.route;
          this.options = env.query;
          this.onLoad?.(env.query);
          this.onShow?.();
          this.onReady?.();
        },
      },
    });
  };
  return env;
}

/** Loads app.js and one page of the build, renders it, and answers with the handles a test needs. */
function openPage(route, query, handlers) {
  jest.resetModules();
  const env = installGlobals(handlers);
  env.route = route;
  env.query = query;
  require(path.join(DIST, 'app.js'));
  global.getApp().onLaunch?.({ path: route, query, scene: 1001 });
  global.getApp().onShow?.({ path: route, query, scene: 1001 });
  const id = simulate.load(path.join(DIST, route), { rootPath: DIST });
  const page = simulate.render(id);
  const parent = document.createElement('div');
  page.attach(parent);
  return { page, env, root: parent };
}

/** Waits until `check` holds, letting WeChat's setData and timers run. */
async function until(check, { timeout = 4000, step = 20 } = {}) {
  const start = Date.now();
  for (;;) {
    try {
      const v = check();
      if (v) return v;
    } catch {
      // not yet
    }
    if (Date.now() - start > timeout)
      throw new Error(`condition not met in ${timeout} ms: ${check}`);
    await new Promise((r) => setTimeout(r, step));
  }
}

/** The innermost rendered Taro node (data-sid) whose text contains `text`. */
function findByText(root, text) {
  const all = Array.from(root.querySelectorAll('[data-sid]')).reverse();
  return all.find((el) => (el.textContent ?? '').includes(text));
}

/**
 * A finger tap: touchstart + touchend on the rendered element. j-component turns
 * them into WeChat's `tap`, which bubbles to the node the compiled wxml bound
 * (`bindtap="eh"`), as on a phone.
 */
async function tapText(page, root, text) {
  const el = findByText(root, text);
  if (!el) throw new Error(`nothing shows "${text}"; page text: ${root.textContent}`);
  const touch = () =>
    new Touch({ identifier: Date.now(), target: el, clientX: 1, clientY: 1, pageX: 1, pageY: 1 });
  el.dispatchEvent(
    new TouchEvent('touchstart', {
      bubbles: true,
      cancelable: true,
      touches: [touch()],
      changedTouches: [touch()],
    }),
  );
  el.dispatchEvent(
    new TouchEvent('touchend', {
      bubbles: true,
      cancelable: true,
      touches: [],
      changedTouches: [touch()],
    }),
  );
  await new Promise((r) => setTimeout(r, 0));
  return el;
}

/**
 * Typing: WeChat's <input> sends `input` with detail.value from the element (it
 * does not bubble); j-component has no keyboard, so the event is sent the same way.
 */
async function typeInto(root, index, value) {
  const el = root.querySelectorAll('wx-input')[index];
  if (!el || !el.__wxElement) throw new Error(`no input #${index}`);
  exparser.Event.dispatchEvent(
    el.__wxElement,
    exparser.Event.create(
      'input',
      { value, cursor: value.length, keyCode: 0 },
      { bubbles: false, composed: false },
    ),
  );
  await new Promise((r) => setTimeout(r, 0));
}

module.exports = { DIST, openPage, until, tapText, typeInto, findByText };
