import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DOCUMENT_KINDS,
  DocumentKind,
  REJECTION_REASONS,
  RejectionReason,
  RESUBMISSION_REASONS,
  ResubmissionReason,
} from '@shiming/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const DECISIONS = ['approve', 'resubmit', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

const RESUBMISSION_CODES = Object.keys(RESUBMISSION_REASONS) as ResubmissionReason[];
const REJECTION_CODES = Object.keys(REJECTION_REASONS) as RejectionReason[];
const DOCUMENT_CODES = Object.keys(DOCUMENT_KINDS) as DocumentKind[];

export class ResubmissionItemDto {
  @ApiProperty({
    enum: RESUBMISSION_CODES,
    description: 'Reason code (RESUBMISSION_REASONS of @shiming/domain)',
  })
  @IsIn(RESUBMISSION_CODES, { message: '补交原因不正确' })
  reason: ResubmissionReason;

  @ApiPropertyOptional({
    enum: DOCUMENT_CODES,
    description: 'The document to redo; omit when the reason is about the form',
  })
  @IsOptional()
  @IsIn(DOCUMENT_CODES, { message: '材料类型不正确' })
  document?: DocumentKind;
}

export class DecisionDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS, { message: '请选择通过、要求补交或不通过' })
  decision: Decision;

  @ApiProperty({
    description:
      'The case version the agent saw (ConsoleCase.version); a changed case answers 409 STALE_DECISION',
  })
  @IsInt({ message: '版本号必须是整数' })
  @Min(0)
  version: number;

  @ApiPropertyOptional({ type: [ResubmissionItemDto], description: 'resubmit: at least one item' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ResubmissionItemDto)
  items?: ResubmissionItemDto[];

  @ApiPropertyOptional({
    description:
      'Message to the subscriber (resubmit: default composed from the items; reject: default the reason text)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: '给用户的说明不能超过500字' })
  message?: string;

  @ApiPropertyOptional({
    enum: REJECTION_CODES,
    description: 'reject: required (REJECTION_REASONS of @shiming/domain)',
  })
  @IsOptional()
  @IsIn(REJECTION_CODES, { message: '不通过原因不正确' })
  rejectionReason?: RejectionReason;
}

export class RevealDto {
  @ApiProperty({
    description: 'Why the agent needs the full name and ID number (kept in the audit log)',
    minLength: 2,
    maxLength: 200,
  })
  @IsString({ message: '请填写查看原因' })
  @MinLength(2, { message: '请填写查看原因' })
  @MaxLength(200, { message: '查看原因不能超过200字' })
  // Control characters have no place in a reason, and a NUL cannot go into the audit log's jsonb
  // (PostgreSQL refused it and the request answered 500).
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f]*$/u, { message: '查看原因含有不能显示的字符' })
  reason: string;
}
