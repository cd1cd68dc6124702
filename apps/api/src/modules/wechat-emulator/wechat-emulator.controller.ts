import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { OfficialAccountService } from '../official-account/official-account.service';
import { DemoInboxRepository } from './demo-inbox.repository';
import {
  checkAppToken,
  checkOAuthCode,
  checkToken,
  issueAppToken,
  issueOAuthCode,
  issueToken,
  menuErrcode,
  openidForApp,
  openidForCode,
  phoneForCode,
} from './wechat-emulator';

type WeChatAnswer = { errcode: number; errmsg: string } & Record<string, unknown>;
const err = (errcode: number, errmsg: string): WeChatAnswer => ({ errcode, errmsg });

/**
 * Stands in for api.weixin.qq.com in demo and test mode (never registered in production).
 * Answers like WeChat: HTTP 200 with errcode/errmsg. See wechat-emulator.ts for the rules.
 */
@ApiExcludeController()
@Controller('demo/wechat')
export class WeChatEmulatorController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inbox: DemoInboxRepository,
    private readonly officialAccounts: OfficialAccountService,
  ) {}

  /** A tenant's official account, checked like WeChat checks an app id and secret. */
  private async officialAccountOk(
    appid: unknown,
    secret: unknown,
  ): Promise<WeChatAnswer | undefined> {
    if (!appid) return err(41002, 'appid missing');
    const app =
      typeof appid === 'string' ? await this.officialAccounts.credentialsByAppId(appid) : undefined;
    if (!app) return err(40013, 'invalid appid');
    if (!secret) return err(41004, 'appsecret missing');
    if (secret !== app.appSecret) return err(40125, 'invalid appsecret');
    return undefined;
  }

  private appTokenErr(accessToken: string | undefined): WeChatAnswer | { appId: string } {
    const checked = checkAppToken(this.config.tokenSecret, accessToken);
    if ('appId' in checked) return checked;
    return checked.errcode === 42001
      ? err(42001, 'access_token expired')
      : err(40001, 'invalid credential, access_token is invalid or not latest');
  }

  private appOk(appid: unknown, secret: unknown): WeChatAnswer | undefined {
    if (!appid) return err(41002, 'appid missing');
    if (appid !== this.config.wechat.appId) return err(40013, 'invalid appid');
    if (!secret) return err(41004, 'appsecret missing');
    if (secret !== this.config.wechat.appSecret) return err(40125, 'invalid appsecret');
    return undefined;
  }

  @Get('sns/jscode2session')
  code2Session(@Query() q: Record<string, string>): WeChatAnswer {
    const bad = this.appOk(q['appid'], q['secret']);
    if (bad) return bad;
    if (!q['js_code']) return err(41008, 'missing code');
    const openid = openidForCode(q['js_code']);
    if (!openid) return err(40029, 'invalid code');
    return {
      errcode: 0,
      errmsg: 'ok',
      openid,
      session_key: Buffer.from(openid).toString('base64'),
    };
  }

  @Get('cgi-bin/token')
  async token(@Query() q: Record<string, string>): Promise<WeChatAnswer> {
    if (q['grant_type'] !== 'client_credential') return err(40002, 'invalid grant_type');
    if (q['appid'] && q['appid'] !== this.config.wechat.appId) {
      const badOa = await this.officialAccountOk(q['appid'], q['secret']);
      if (badOa) return badOa;
      const { token, expiresIn } = issueAppToken(this.config.tokenSecret, q['appid']);
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: expiresIn };
    }
    const bad = this.appOk(q['appid'], q['secret']);
    if (bad) return bad;
    const { token, expiresIn } = issueToken(this.config.tokenSecret, this.config.wechat.appId);
    return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: expiresIn };
  }

  @Post('wxa/business/getuserphonenumber')
  @HttpCode(200)
  phoneNumber(
    @Query('access_token') accessToken: string | undefined,
    @Body() body: Record<string, unknown>,
  ): WeChatAnswer {
    const tokenErr = checkToken(this.config.tokenSecret, this.config.wechat.appId, accessToken);
    if (tokenErr)
      return err(
        tokenErr,
        tokenErr === 42001
          ? 'access_token expired'
          : 'invalid credential, access_token is invalid or not latest',
      );
    const code = typeof body['code'] === 'string' ? body['code'] : '';
    if (!code) return err(41008, 'missing code');
    const phone = phoneForCode(code);
    if (!phone) return err(40029, 'invalid code');
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: phone,
        purePhoneNumber: phone,
        countryCode: '86',
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: this.config.wechat.appId },
      },
    };
  }

  @Post('cgi-bin/message/subscribe/send')
  @HttpCode(200)
  async subscribeSend(
    @Query('access_token') accessToken: string | undefined,
    @Body() body: Record<string, unknown>,
  ): Promise<WeChatAnswer> {
    const tokenErr = checkToken(this.config.tokenSecret, this.config.wechat.appId, accessToken);
    if (tokenErr)
      return err(
        tokenErr,
        tokenErr === 42001
          ? 'access_token expired'
          : 'invalid credential, access_token is invalid or not latest',
      );
    const touser = body['touser'];
    const templateId = body['template_id'];
    if (typeof touser !== 'string' || !touser.startsWith('o-')) return err(40003, 'invalid openid');
    if (typeof templateId !== 'string' || templateId === '')
      return err(40037, 'invalid template_id');
    if (typeof body['data'] !== 'object' || body['data'] === null)
      return err(47003, 'argument invalid! data is empty');
    await this.inbox.insert('wechat.subscribe', null, touser, {
      templateId,
      page: body['page'] ?? null,
      data: body['data'],
      miniprogramState: body['miniprogram_state'] ?? null,
    });
    return { errcode: 0, errmsg: 'ok', msgid: Date.now() };
  }

  /** Official account: replaces the custom menu (recorded; GET menu?appid= shows the latest). */
  @Post('cgi-bin/menu/create')
  @HttpCode(200)
  async menuCreate(
    @Query('access_token') accessToken: string | undefined,
    @Body() body: Record<string, unknown>,
  ): Promise<WeChatAnswer> {
    const app = this.appTokenErr(accessToken);
    if ('errcode' in app) return app;
    const errcode = menuErrcode(body);
    if (errcode) return err(errcode, 'invalid menu');
    await this.inbox.insert('wechat.menu', null, app.appId, body);
    return { errcode: 0, errmsg: 'ok' };
  }

  /** Official account: one template message (recorded; GET templates?openid= lists them). */
  @Post('cgi-bin/message/template/send')
  @HttpCode(200)
  async templateSend(
    @Query('access_token') accessToken: string | undefined,
    @Body() body: Record<string, unknown>,
  ): Promise<WeChatAnswer> {
    const app = this.appTokenErr(accessToken);
    if ('errcode' in app) return app;
    const touser = body['touser'];
    const templateId = body['template_id'];
    if (typeof touser !== 'string' || !touser.startsWith('o-')) return err(40003, 'invalid openid');
    if (typeof templateId !== 'string' || templateId === '')
      return err(40037, 'invalid template_id');
    if (typeof body['data'] !== 'object' || body['data'] === null)
      return err(47003, 'argument invalid! data is empty');
    await this.inbox.insert('wechat.template', null, touser, {
      appId: app.appId,
      templateId,
      url: body['url'] ?? null,
      miniprogram: body['miniprogram'] ?? null,
      data: body['data'],
    });
    return { errcode: 0, errmsg: 'ok', msgid: Date.now() };
  }

  /**
   * Web authorisation page (open.weixin.qq.com/connect/oauth2/authorize): WeChat would know the
   * user; the emulator takes `demo_user` (default 'wechat-user') and redirects back with a code.
   */
  @Get('connect/oauth2/authorize')
  async authorize(@Query() q: Record<string, string>, @Res() res: Response): Promise<void> {
    const app = q['appid'] ? await this.officialAccounts.credentialsByAppId(q['appid']) : undefined;
    let redirect: URL | undefined;
    try {
      redirect = new URL(q['redirect_uri'] ?? '');
    } catch {
      redirect = undefined;
    }
    const scope = q['scope'];
    if (
      !app ||
      !redirect ||
      q['response_type'] !== 'code' ||
      (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo')
    ) {
      res
        .status(400)
        .type('text/plain')
        .send(!app ? 'appid 参数错误' : 'redirect_uri / response_type / scope 参数错误');
      return;
    }
    const user = (q['demo_user'] ?? 'wechat-user').slice(0, 64);
    redirect.searchParams.set('code', issueOAuthCode(this.config.tokenSecret, app.appId, user));
    redirect.searchParams.set('state', q['state'] ?? '');
    res.redirect(302, redirect.toString());
  }

  /** Web authorisation: code → openid of the official account (each code once). */
  @Get('sns/oauth2/access_token')
  async oauthAccessToken(@Query() q: Record<string, string>): Promise<WeChatAnswer> {
    if (q['grant_type'] !== 'authorization_code') return err(40002, 'invalid grant_type');
    const bad = await this.officialAccountOk(q['appid'], q['secret']);
    if (bad) return bad;
    const code = q['code'] ?? '';
    if (!code) return err(41008, 'missing code');
    const checked = checkOAuthCode(this.config.tokenSecret, q['appid'] ?? '', code);
    if ('errcode' in checked) return err(40029, 'invalid code');
    if ((await this.inbox.recent('wechat.oauth-code', code, 1)).length > 0)
      return err(40163, 'code been used');
    await this.inbox.insert('wechat.oauth-code', null, code, {});
    return {
      errcode: 0,
      errmsg: 'ok',
      access_token: `web.${code.slice(-16)}`,
      expires_in: 7200,
      refresh_token: `refresh.${code.slice(-16)}`,
      openid: openidForApp(q['appid'] ?? '', checked.user),
      scope: q['scope'] ?? 'snsapi_base',
    };
  }

  /** Demo/test only: the menu last published for an app id. */
  @Get('menu')
  async menu(@Query('appid') appid: string): Promise<unknown> {
    const [row] = await this.inbox.recent('wechat.menu', appid ?? '', 1);
    return row ? { menu: row.body, at: new Date(row.at).toISOString() } : { menu: null };
  }

  /** Demo/test only: the template messages an openid received, newest first. */
  @Get('templates')
  async templates(@Query('openid') openid: string): Promise<unknown[]> {
    const rows = await this.inbox.recent('wechat.template', openid ?? '', 50);
    return rows.map((r) => ({ ...r.body, at: new Date(r.at).toISOString() }));
  }

  /** Demo/test only: the subscription messages an openid received, newest first. */
  @Get('inbox')
  async received(
    @Query('openid') openid: string,
  ): Promise<Array<{ templateId: unknown; page: unknown; data: unknown; at: string }>> {
    const rows = await this.inbox.recent('wechat.subscribe', openid ?? '', 50);
    return rows.map((r) => ({
      templateId: r.body['templateId'],
      page: r.body['page'],
      data: r.body['data'],
      at: new Date(r.at).toISOString(),
    }));
  }
}
