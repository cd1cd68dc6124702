import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

export class OfficialAccountInputDto {
  @ApiProperty({ example: 'wx1234567890abcdef' }) @IsString() @MaxLength(40) appId!: string;
  @ApiPropertyOptional({
    description:
      'Stored encrypted; never answered. Left out: the stored one is kept (needed the first time)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  appSecret?: string;
  @ApiPropertyOptional({
    description:
      'Message-server token (3–32 letters/digits); stored encrypted. Left out: the stored one is kept (needed the first time)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  token?: string;
  @ApiPropertyOptional({
    description:
      'EncodingAESKey (43 characters) for safe mode; stored encrypted. Left out: kept; null or "": plain mode',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(43)
  encodingAesKey?: string | null;
  @ApiPropertyOptional({ description: "The account's original id (gh_…)", nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  originalId?: string | null;
  @ApiPropertyOptional({
    description: 'Mini-program linked to the account (default: the configured one)',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  miniprogramAppId?: string | null;
  @ApiPropertyOptional({
    description: 'Template id of the reminder template message',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  campaignTemplateId?: string | null;
}

export class OfficialAccountSummaryDto {
  @ApiProperty() appId!: string;
  @ApiProperty({ nullable: true, type: String }) originalId!: string | null;
  @ApiProperty() miniprogramAppId!: string;
  @ApiProperty({ nullable: true, type: String }) campaignTemplateId!: string | null;
  @ApiProperty() safeMode!: boolean;
  @ApiProperty() secretSet!: boolean;
  @ApiProperty({ description: "The message server's URL, for WeChat's admin console" })
  callbackUrl!: string;
  @ApiProperty() updatedAt!: string;
}

export class PublishMenuDto {
  @ApiPropertyOptional({ description: 'Build and answer the menu without publishing it' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class PublishMenuAnswerDto {
  @ApiProperty() published!: boolean;
  @ApiProperty({ description: 'The menu JSON as sent to POST /cgi-bin/menu/create' }) menu!: object;
}
