import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** Which numbers: unregistered ones of these states, kinds, regions, days to escalation. */
export class CampaignFilterDto {
  @ApiPropertyOptional({
    enum: ['active', 'single_stop', 'double_stop'],
    isArray: true,
    description: 'default: all three (unregistered only)',
  })
  @IsOptional()
  @IsArray()
  @IsIn(['active', 'single_stop', 'double_stop'], { each: true })
  states?: Array<'active' | 'single_stop' | 'double_stop'>;
  @ApiPropertyOptional({
    enum: ['temporary_account', 'incomplete_data', 'owner_differs', 'group_card'],
    isArray: true,
  })
  @IsOptional()
  @IsArray()
  @IsIn(['temporary_account', 'incomplete_data', 'owner_differs', 'group_card'], { each: true })
  kinds?: Array<'temporary_account' | 'incomplete_data' | 'owner_differs' | 'group_card'>;
  @ApiPropertyOptional({ type: [String], description: 'GB/T 2260 region codes of the numbers' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  regionCodes?: string[];
  @ApiPropertyOptional({
    description: 'Only numbers whose next escalation is at most this many days away',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  maxDaysToEscalation?: number;
}

export class CreateCampaignDto extends CampaignFilterDto {
  @ApiProperty({ example: '11 月双停前提醒' }) @IsString() @MaxLength(100) name!: string;
  @ApiPropertyOptional({ description: 'Messages per second (default CAMPAIGN_RATE_PER_SECOND)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  ratePerSecond?: number;
}

export class CampaignReportDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['ready', 'running', 'paused', 'done', 'cancelled'] }) status!: string;
  @ApiProperty() filter!: object;
  @ApiProperty() ratePerSecond!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'sent + failed + skipped + unknown' }) done!: number;
  @ApiProperty({ description: '{ pending, sending, sent, failed, skipped, unknown }' })
  counts!: object;
  @ApiProperty({ description: '{ wechat: { sent, failed, unknown }, sms: { … } }' })
  byChannel!: object;
  @ApiProperty() failedByReason!: object;
  @ApiProperty() skippedByReason!: object;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

export class CampaignPreviewDto {
  @ApiProperty({ description: 'Numbers the filter selects now' }) total!: number;
  @ApiProperty({ description: '{ active, single_stop, double_stop }' }) byState!: object;
  @ApiProperty({
    description:
      'The same filter without its regions, per region code: [{ regionCode (null: none on file), count }]',
  })
  byRegion!: object[];
}
