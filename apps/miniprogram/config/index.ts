import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import { readBuildEnv } from './buildEnv';

const platform = process.env.TARO_ENV ?? 'weapp';
const domainSrc = path.resolve(__dirname, '../../../packages/domain/src');
/**
 * One React for everything. The workspace also holds React 19 (the console), and
 * pnpm hoists it to node_modules/.pnpm/node_modules, where packages that use React
 * without declaring it (some of Taro's and NutUI's) would find it: two Reacts in
 * one bundle fail with "Objects are not valid as a React child".
 */
const reactDir = path.dirname(
  createRequire(path.resolve(__dirname, '../package.json')).resolve('react/package.json'),
);

/**
 * packages/domain is pure functions but does not declare `sideEffects: false`;
 * say it here so that importing one rule through its barrel does not pull the
 * whole package (its 95 KB region table) into the weapp main package.
 */
function domainIsPure(chain: { module: { rule: (name: string) => any } }): void {
  chain.module
    .rule('shiming-domain-pure')
    .test(/\.ts$/)
    .include.add(domainSrc)
    .end()
    .sideEffects(false);
}

export default defineConfig<'webpack5'>(async (merge) => {
  const buildEnv = readBuildEnv(process.env);
  if (platform === 'weapp' && buildEnv.apiBase === '') {
    console.warn(
      '[shiming] TARO_APP_API_BASE is empty: WeChat needs the API origin (https://…). ' +
        'This weapp build will show "服务器地址未配置" until it is rebuilt with one.',
    );
  }

  const base: UserConfigExport<'webpack5'> = {
    projectName: 'shiming-miniprogram',
    designWidth(input) {
      // NutUI is drawn for 375; our own styles for 750.
      const file = (input as { file?: string } | undefined)?.file?.replace(/\\+/g, '/') ?? '';
      return file.includes('@nutui') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: buildEnv.outputDir ?? `dist-${platform}`,
    plugins: [],
    defineConstants: {
      SHIMING_TENANT: JSON.stringify(buildEnv.tenant),
      SHIMING_API_BASE: JSON.stringify(buildEnv.apiBase),
      SHIMING_SUBSCRIBE_TEMPLATE_IDS: JSON.stringify(buildEnv.subscribeTemplateIds),
    },
    alias: {
      // Consume the shared rules from source: its dist may not be built yet.
      '@shiming/domain': domainSrc,
      react: reactDir,
      '@': path.resolve(__dirname, '../src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      prebundle: { enable: false },
    },
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
      // packages/domain is TypeScript outside sourceRoot: compile it like our own code.
      compile: { include: [domainSrc] },
      miniCssExtractPluginOption: { ignoreOrder: true },
      webpackChain: domainIsPure,
    },
    h5: {
      publicPath: '/h5/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [domainSrc] },
      webpackChain: domainIsPure,
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };

  return merge({}, base, {});
});
