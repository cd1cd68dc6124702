import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentSubscriber, SubscriberGuard } from '../../common/auth/guards';
import type { SubscriberPrincipal } from '../../common/auth/token.service';
import {
  H5LoginDto,
  SessionTokenDto,
  SmsSendDto,
  SmsSentDto,
  SmsVerifyDto,
  WeChatLoginDto,
  WeChatPhoneDto,
  WeChatPhoneSessionDto,
} from './dto/auth.dto';
import { SessionToken, SubscriberAuthService } from './subscriber-auth.service';

@ApiTags('subscriber: auth')
@Controller('auth')
export class SubscriberAuthController {
  constructor(private readonly auth: SubscriberAuthService) {}

  @Post('wechat-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'wx.login code → a session of the tenant (no number proven yet)' })
  @ApiOkResponse({ type: SessionTokenDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED; WECHAT_CODE_INVALID (used or expired login code)',
  })
  @ApiNotFoundResponse({ description: 'TENANT_NOT_FOUND' })
  @ApiServiceUnavailableResponse({ description: 'WECHAT_UNAVAILABLE' })
  wechatLogin(@Body() body: WeChatLoginDto): Promise<SessionToken> {
    return this.auth.wechatLogin(body.tenant, body.code);
  }

  @Post('h5-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Outside WeChat: an anonymous session of the tenant (SMS proof only)' })
  @ApiOkResponse({ type: SessionTokenDto })
  @ApiNotFoundResponse({ description: 'TENANT_NOT_FOUND' })
  h5Login(@Body() body: H5LoginDto): Promise<SessionToken> {
    return this.auth.h5Login(body.tenant);
  }

  @Post('sms/send')
  @HttpCode(200)
  @UseGuards(SubscriberGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Send a 6-digit code to the number (5 min, 5 attempts; 1 per 60 s and 5 per hour per number, 10 per hour per client address)',
  })
  @ApiOkResponse({ type: SmsSentDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (fields.phone: the domain message)' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
  @ApiNotFoundResponse({
    description:
      "NUMBER_NOT_OURS: another carrier's number, or a fixed line the tenant does not hold",
  })
  @ApiConflictResponse({
    description:
      'NUMBER_CANNOT_RECEIVE_SMS (double stop, cancelled, fixed line) with remainingWays: string[]',
  })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED with retryAfterSeconds' })
  @ApiServiceUnavailableResponse({ description: 'SMS_UNAVAILABLE' })
  sendCode(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Body() body: SmsSendDto,
    @Req() req: Request,
  ): Promise<{ resendAfterSeconds: number; expiresInSeconds: number }> {
    return this.auth.sendCode(s, body.phone, req.ip ?? 'unknown');
  }

  @Post('sms/verify')
  @HttpCode(200)
  @UseGuards(SubscriberGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Check the code → a session bound to the number' })
  @ApiOkResponse({ type: SessionTokenDto })
  @ApiBadRequestResponse({
    description: 'CODE_INVALID with attemptsLeft (0: the code is burned); VALIDATION_FAILED',
  })
  @ApiGoneResponse({ description: 'CODE_EXPIRED (expired, burned, or none sent)' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
  verifyCode(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Body() body: SmsVerifyDto,
  ): Promise<SessionToken> {
    return this.auth.verifyCode(s, body.phone, body.code);
  }

  @Post('wechat-phone')
  @HttpCode(200)
  @UseGuards(SubscriberGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "getPhoneNumber code → WeChat's verified number → a session bound to it",
  })
  @ApiOkResponse({ type: WeChatPhoneSessionDto })
  @ApiBadRequestResponse({ description: 'WECHAT_CODE_INVALID; VALIDATION_FAILED' })
  @ApiForbiddenResponse({ description: 'WECHAT_LOGIN_REQUIRED (an H5 session)' })
  @ApiNotFoundResponse({ description: "NUMBER_NOT_OURS (another carrier's or a foreign number)" })
  @ApiServiceUnavailableResponse({ description: 'WECHAT_UNAVAILABLE' })
  wechatPhone(
    @CurrentSubscriber() s: SubscriberPrincipal,
    @Body() body: WeChatPhoneDto,
  ): Promise<SessionToken & { phone: string }> {
    return this.auth.wechatPhone(s, body.code);
  }
}
