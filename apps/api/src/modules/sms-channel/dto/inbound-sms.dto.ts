import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, MaxLength } from 'class-validator';

/** What the SMS gateway posts for each message a subscriber sends to the service number. */
export class InboundSmsDto {
  @ApiProperty({ example: '18908590001', description: 'The sending number (the subscriber)' })
  @IsString()
  @MaxLength(32)
  from: string;

  @ApiProperty({ example: '10001', description: 'The service number it was sent to' })
  @IsString()
  @MaxLength(32)
  to: string;

  @ApiProperty({ example: '40#张三#522301199001011234' })
  @IsString()
  @MaxLength(500)
  text: string;

  @ApiProperty({
    example: '2016-11-01T08:00:00Z',
    description: 'When the gateway received it; older than 5 minutes is refused (replay)',
  })
  @IsISO8601({ strict: true })
  receivedAt: string;
}

export class InboundSmsAnswerDto {
  @ApiProperty({
    enum: [
      'case_created',
      'format',
      'channel_disabled',
      'not_listed',
      'not_our_number',
      'already_registered',
      'case_open',
      'cancelled',
      'quota',
    ],
  })
  outcome: string;

  @ApiProperty({
    description:
      'The reply sent to the subscriber through the SMS sender (the gateway must not send it again)',
  })
  reply: string;

  @ApiProperty({ required: false })
  caseId?: string;
}
