import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class TenantPolicyDto {
  @ApiProperty() proxyAllowed: boolean;
  @ApiProperty() enterpriseAllowed: boolean;
  @ApiProperty() smsChannelEnabled: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2016-11-01',
    description: 'single stop → double stop on this day',
  })
  singleToDoubleDate: string | null;
  @ApiProperty({ example: 30 }) doubleToCancelGraceDays: number;
  @ApiProperty({ example: 5, minimum: 1, maximum: 5 }) perIdentityLimit: number;
  @ApiProperty({ example: 16 }) minAge: number;
  @ApiProperty({ example: 3 }) resubmissionCap: number;
  @ApiProperty({ example: 180 }) retentionDays: number;
}

export class CapturePolicyDto {
  @ApiProperty({
    enum: ['block', 'warn'],
    description: "'block': a required photo whose quality verdict is 'fail' stops submission",
  })
  qualityMode: 'block' | 'warn';
  @ApiProperty({ example: 150, description: 'variance of the Laplacian at 1000 px (0: off)' })
  blurMin: number;
  @ApiProperty({ example: 1, description: 'clipped cells (of 8 × 5) tolerated' })
  glareCellsMax: number;
  @ApiProperty({ example: 0.35, description: 'card share of the frame (0: off)' })
  minCardShare: number;
  @ApiProperty({ example: 640, description: 'card width in the photo as taken, px (0: off)' })
  minCardWidthPx: number;
  @ApiProperty({
    example: 1,
    description: 'other numbers of the same identity that may reuse one ID photo unflagged',
  })
  duplicateQuota: number;
}

/** GET/PUT /api/console/admin/policy: the policy and, under `capture`, the capture rules. */
export class AdminPolicyDto extends TenantPolicyDto {
  @ApiProperty({ type: CapturePolicyDto, description: 'optional in PUT: absent leaves it as is' })
  capture: CapturePolicyDto;
}

export class ConsentDto {
  @ApiProperty({ example: 'v1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  version: string;

  @ApiProperty({ example: '身份证照片处理单独同意书' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  text: string;
}

export class TenantSummaryDto {
  @ApiProperty({ example: 'qxn-unicom' }) code: string;
  @ApiProperty({ example: '黔西南联通' }) displayName: string;
  @ApiProperty({ enum: ['mobile', 'unicom', 'telecom'] }) carrier: string;
  @ApiProperty({ example: '黔西南布依族苗族自治州' }) region: string;
}

export class BrandingDto {
  @ApiProperty({ example: 'qxn-unicom' }) code: string;
  @ApiProperty({ enum: ['mobile', 'unicom', 'telecom'] }) carrier: string;
  @ApiProperty({ example: '黔西南布依族苗族自治州' }) region: string;
  @ApiProperty({ example: '黔西南联通' }) displayName: string;
  @ApiProperty({ example: '黔西南联通' }) officialAccountName: string;
  @ApiProperty({ example: '10010' }) hotline: string;
  @ApiProperty({ type: String, nullable: true }) logoUrl: string | null;
  @ApiProperty({ example: '#e60012' }) primaryColor: string;
  @ApiProperty({ example: '#333333' }) accentColor: string;
  @ApiProperty({ type: TenantPolicyDto }) policy: TenantPolicyDto;
  @ApiProperty({ type: ConsentDto }) consent: ConsentDto;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** PUT /api/console/admin/branding: Branding minus code, carrier and policy. */
export class UpdateBrandingDto {
  @ApiProperty({ example: '黔西南布依族苗族自治州' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  region: string;

  @ApiProperty({ example: '黔西南联通' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  displayName: string;

  @ApiProperty({ example: '黔西南联通' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  officialAccountName: string;

  @ApiProperty({ example: '10010' })
  @Matches(/^[0-9][0-9-]{2,19}$/, { message: '客服热线只能包含数字和“-”' })
  hotline: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '/console/logos/unicom.svg' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^(https:\/\/|\/)[^\s"'<>]{1,500}$/, { message: 'Logo 地址必须以 https:// 或 / 开头' })
  logoUrl: string | null = null;

  @ApiProperty({ example: '#e60012' })
  @Matches(COLOR, { message: '颜色必须写成 #RRGGBB' })
  primaryColor: string;

  @ApiProperty({ example: '#333333' })
  @Matches(COLOR, { message: '颜色必须写成 #RRGGBB' })
  accentColor: string;

  @ApiProperty({ type: ConsentDto })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;
}
