import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { InboundSmsAnswerDto, InboundSmsDto } from './dto/inbound-sms.dto';
import { InboundAnswer, SmsChannelService } from './sms-channel.service';
import { SmsSignatureGuard } from './sms-signature.guard';

@ApiTags('sms channel')
@Controller('sms/inbound')
export class SmsChannelController {
  constructor(private readonly channel: SmsChannelService) {}

  @Post(':tenantCode')
  @HttpCode(200)
  @UseGuards(SmsSignatureGuard)
  @ApiOperation({
    summary: 'Inbound SMS from the carrier gateway (40#机主姓名#身份证号码 to 10001)',
    description:
      'Signed by the gateway over the raw body. Every message gets an SMS reply through the SMS sender; the answer repeats it for the gateway log.',
  })
  @ApiHeader({
    name: 'X-Sms-Signature',
    description: 'sha256=<hex HMAC-SHA256(SMS_INBOUND_SECRET, raw body)>',
  })
  @ApiOkResponse({ type: InboundSmsAnswerDto })
  @ApiUnauthorizedResponse({
    description: 'SIGNATURE_INVALID, MESSAGE_STALE (receivedAt more than 5 minutes off)',
  })
  receive(
    @Param('tenantCode') tenantCode: string,
    @Body() body: InboundSmsDto,
  ): Promise<InboundAnswer> {
    return this.channel.receive(tenantCode, body);
  }
}
