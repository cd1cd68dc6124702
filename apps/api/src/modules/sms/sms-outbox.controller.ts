import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parsePhoneNumber } from '@shiming/domain';
import { CommonError } from '../../common/errors/app-error';
import { DemoInboxRepository } from '../wechat-emulator/demo-inbox.repository';

class OutboxMessageDto {
  @ApiProperty({ example: '13800138000' }) phone: string;
  @ApiProperty({ example: 'qxn-mobile', nullable: true }) tenant: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ example: '123456', nullable: true }) code: string | null;
  @ApiProperty() at: string;
}

/** Demo and test mode only: what the log SMS sender "sent", so a demo user or an e2e test can read the code. */
@ApiTags('demo')
@Controller('demo/sms-outbox')
export class SmsOutboxController {
  constructor(private readonly inbox: DemoInboxRepository) {}

  @Get()
  @ApiOperation({
    summary: 'Recent text messages to a number, newest first (not served in production)',
  })
  @ApiQuery({ name: 'phone', example: '13800138000' })
  @ApiOkResponse({ type: [OutboxMessageDto] })
  async recent(@Query('phone') phone: string | undefined): Promise<OutboxMessageDto[]> {
    const parsed = parsePhoneNumber(phone ?? '');
    if (!parsed.ok)
      throw new CommonError('VALIDATION_FAILED', parsed.message, {
        fields: { phone: parsed.message },
      });
    const rows = await this.inbox.recent('sms', parsed.value.value, 20);
    return rows.map((r) => ({
      phone: r.recipient ?? '',
      tenant: r.tenant_code,
      text: typeof r.body['text'] === 'string' ? r.body['text'] : '',
      code: typeof r.body['code'] === 'string' ? r.body['code'] : null,
      at: new Date(r.at).toISOString(),
    }));
  }
}
