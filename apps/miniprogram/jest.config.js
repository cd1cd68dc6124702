/**
 * Two projects:
 *  - unit: hooks, services and pages on Taro's H5 runtime in jsdom (see STACK_NOTES.md);
 *  - weapp: the COMPILED dist-weapp output in miniprogram-simulate (what WeChat runs).
 * Neither needs the API: the network is mocked at fetch / XMLHttpRequest / wx.request.
 */
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2020',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts?(x)'],
      setupFiles: ['<rootDir>/test/support/globals.js'],
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-h5.js'],
      transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
      // Taro's H5 runtime pulls many ESM-only packages: transform all but the big CJS ones.
      transformIgnorePatterns: [
        '/node_modules/\\.pnpm/(react|react-dom|scheduler|jsdom|@babel\\+core|core-js)@',
      ],
      moduleNameMapper: {
        '\\.(css|scss|less)$': '<rootDir>/test/support/style-stub.js',
        // One React (see config/index.ts: the workspace hoists the console's React 19).
        '^react$': require.resolve('react'),
        '^react/jsx-runtime$': require.resolve('react/jsx-runtime'),
        '^react/jsx-dev-runtime$': require.resolve('react/jsx-dev-runtime'),
        '^react-dom$': require.resolve('react-dom'),
        '^react-dom/client$': require.resolve('react-dom/client'),
        '^@nutui/nutui-react-taro$': '<rootDir>/test/support/nutui.js',
        '^@tarojs/components$': '@tarojs/components/lib/react',
        '^@tarojs/taro$': '<rootDir>/test/support/taro-shim.js',
        '^@shiming/domain$': path.resolve(__dirname, '../../packages/domain/src/index.ts'),
        '^@/(.*)$': '<rootDir>/src/$1',
      },
    },
    {
      displayName: 'weapp',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/weapp/**/*.test.js'],
      globalSetup: '<rootDir>/test/weapp/ensure-build.js',
    },
  ],
};
