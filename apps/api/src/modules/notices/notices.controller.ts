import { Controller, Get, Header, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { NoticeVerificationDto, VerifyNoticeQueryDto } from './dto/verify-notice.dto';
import { NoticesService, NoticeVerification } from './notices.service';

@ApiTags('public')
@Controller('notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get('verify')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Is this notice real? By the code printed on it, or by the number that called or sent it',
  })
  @ApiOkResponse({ type: NoticeVerificationDto })
  @ApiTooManyRequestsResponse({
    description: 'RATE_LIMITED with retryAfterSeconds (10 checks a minute per client address)',
  })
  verify(@Query() q: VerifyNoticeQueryDto, @Req() req: Request): Promise<NoticeVerification> {
    return this.notices.verify(q, req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }
}
