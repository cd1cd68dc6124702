export default defineAppConfig({
  pages: ['pages/home/index'],
  subPackages: [
    { root: 'number', pages: ['prove/index', 'status/index'] },
    {
      root: 'register',
      pages: ['applicant/index', 'consent/index', 'capture/index', 'review/index'],
    },
    { root: 'case', pages: ['detail/index'] },
    { root: 'notice', pages: ['verify/index'] },
  ],
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['number'] },
    'number/status/index': { network: 'all', packages: ['register'] },
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '实名认证',
    navigationBarTextStyle: 'black',
  },
  // WeChat's privacy check: requirePrivacyAuthorize before chooseMedia.
  __usePrivacyCheck__: true,
});
