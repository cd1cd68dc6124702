import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  OAUTH_COOKIE,
  OAUTH_COOKIE_PATH,
  OAuthStep,
  WeChatOAuthService,
} from './wechat-oauth.service';

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

@ApiTags('subscriber: auth')
@Controller('auth/wechat-oauth')
export class WeChatOAuthController {
  constructor(private readonly oauth: WeChatOAuthService) {}

  private send(res: Response, step: OAuthStep, secure: boolean): void {
    const opts = { httpOnly: true, sameSite: 'lax' as const, secure, path: OAUTH_COOKIE_PATH };
    if ('cookie' in step && step.cookie)
      res.cookie(OAUTH_COOKIE, step.cookie.value, { ...opts, maxAge: step.cookie.maxAge * 1000 });
    if ('clearCookie' in step) res.clearCookie(OAUTH_COOKIE, opts);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.redirect(302, step.location);
  }

  @Get('start')
  @ApiOperation({
    summary:
      "H5 inside WeChat: 302 to WeChat's web authorisation (snsapi_base) with a signed state; straight to the H5 when the tenant has no official account",
  })
  @ApiQuery({ name: 'tenant', example: 'qxn-unicom' })
  @ApiQuery({
    name: 'redirect',
    required: false,
    example: '/h5/?tenant=qxn-unicom#/pages/home/index',
  })
  @ApiFoundResponse({
    description:
      'Location: the authorize URL (sets a short-lived cookie binding the state to this browser)',
  })
  @ApiBadRequestResponse({
    description: 'OAUTH_REDIRECT_INVALID (not a page under /h5/ of this origin)',
  })
  @ApiNotFoundResponse({ description: 'TENANT_NOT_FOUND' })
  async start(
    @Query('tenant') tenant: string | undefined,
    @Query('redirect') redirect: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    this.send(res, await this.oauth.start(tenant ?? '', redirect), req.secure);
  }

  @Get('callback')
  @ApiOperation({
    summary:
      'WeChat comes back with code and state → the openid → 302 to the H5 page with #…?wx_token=<session>&wx_expires=… (or wx_error=<code>)',
  })
  @ApiFoundResponse({ description: 'Location: the H5 page with the session in the fragment' })
  @ApiBadRequestResponse({
    description:
      'OAUTH_STATE_INVALID (forged, expired, or another browser), OAUTH_REDIRECT_INVALID',
  })
  async callback(
    @Query() q: Record<string, string | undefined>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const step = await this.oauth.callback({
      tenant: q['tenant'],
      redirect: q['redirect'],
      code: q['code'],
      state: q['state'],
      cookieNonce: cookie(req, OAUTH_COOKIE),
    });
    this.send(res, step, req.secure);
  }
}
