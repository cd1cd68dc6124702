import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { DemoInboxRepository } from './demo-inbox.repository';
import { checkToken, issueToken, openidForCode, phoneForCode } from './wechat-emulator';

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
  ) {}

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
  token(@Query() q: Record<string, string>): WeChatAnswer {
    if (q['grant_type'] !== 'client_credential') return err(40002, 'invalid grant_type');
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
