import { miniprogramBuildPlan, miniprogramUploadPlan } from './miniprogram-release';

const tenant = {
  code: 'qxn-unicom',
  displayName: '黔西南联通',
  miniprogramAppId: 'wx1234567890abcdef',
};

describe('per-tenant mini-program release', () => {
  it("should build with the tenant's code, app id and API address when asked for a tenant", () => {
    const plan = miniprogramBuildPlan({
      repoRoot: '/repo',
      nodePath: '/usr/bin/node',
      tenant,
      apiBase: 'https://shiming.example.cn',
      subscribeTemplateIds: ['tpl-decision'],
    });
    expect(plan).toEqual({
      command: '/usr/bin/node',
      args: [
        '/repo/apps/miniprogram/scripts/build.mjs',
        'weapp',
        '--tenant',
        'qxn-unicom',
        '--api-base',
        'https://shiming.example.cn',
      ],
      cwd: '/repo/apps/miniprogram',
      env: {
        TARO_APP_TENANT: 'qxn-unicom',
        TARO_APP_API_BASE: 'https://shiming.example.cn',
        TARO_APP_ID: 'wx1234567890abcdef',
        TARO_APP_SUBSCRIBE_TEMPLATE_IDS: 'tpl-decision',
        SHIMING_OUTPUT_DIR: '/repo/apps/miniprogram/dist-weapp-qxn-unicom',
      },
      outputDir: '/repo/apps/miniprogram/dist-weapp-qxn-unicom',
    });
  });

  it("should hand miniprogram-ci the tenant's app id, build folder and key when it uploads", () => {
    const plan = miniprogramUploadPlan({
      tenant,
      projectPath: '/repo/apps/miniprogram/dist-weapp-qxn-unicom',
      privateKeyPath: '/etc/shiming/private.{appid}.key',
      robot: 3,
      version: '1.2.0',
      today: '2016-11-01',
    });
    expect(plan).toEqual({
      project: {
        appid: 'wx1234567890abcdef',
        type: 'miniProgram',
        projectPath: '/repo/apps/miniprogram/dist-weapp-qxn-unicom',
        privateKeyPath: '/etc/shiming/private.wx1234567890abcdef.key',
        ignores: ['node_modules/**/*'],
      },
      upload: {
        version: '1.2.0',
        desc: '黔西南联通 2016-11-01',
        robot: 3,
        setting: { es6: false, es7: false, minify: false, autoPrefixWXSS: false },
      },
    });
  });

  it('should refuse to upload when the key is not configured, the version is odd or the app id is the tourist one', () => {
    const base = {
      tenant,
      projectPath: '/p',
      privateKeyPath: '/k',
      robot: 1,
      version: '1.0.0',
      today: '2016-11-01',
    };
    expect(() => miniprogramUploadPlan({ ...base, privateKeyPath: null })).toThrow(
      /MINIPROGRAM_UPLOAD_KEY/,
    );
    expect(() => miniprogramUploadPlan({ ...base, version: 'latest' })).toThrow(/--version/);
    expect(() =>
      miniprogramUploadPlan({ ...base, tenant: { ...tenant, miniprogramAppId: 'touristappid' } }),
    ).toThrow(/app id/);
  });
});
