import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class VerifyNoticeQueryDto {
  @ApiProperty({ example: 'qxn-telecom' })
  @IsString()
  @MaxLength(64)
  tenant: string;

  @ApiPropertyOptional({ example: 'K7M2QP', description: 'The code printed on the notice' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  code?: string;

  @ApiPropertyOptional({
    example: '10000',
    description: 'The number that called or sent the message',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;
}

export class NoticeVerificationDto {
  @ApiProperty() genuine: boolean;
  @ApiProperty() hotline: string;
  @ApiPropertyOptional({ enum: ['sms', 'call', 'letter'] }) channel?: string;
  @ApiPropertyOptional() sentAt?: string;
  @ApiProperty() advice: string;
}
