// @tarojs/taro on the H5 runtime (what the H5 build aliases it to), plus the page
// hooks the app uses, driven by the test.
const h5 = require('@tarojs/taro-h5');

const router = { params: {} };
const Taro = Object.assign({}, h5.default, h5);
delete Taro.default;

module.exports = {
  ...Taro,
  __esModule: true,
  default: Taro,
  useRouter: () => ({ params: router.params, path: '' }),
  useLaunch: () => undefined,
  useDidShow: () => undefined,
  /** Tests set the page's query here. */
  __router: router,
};
