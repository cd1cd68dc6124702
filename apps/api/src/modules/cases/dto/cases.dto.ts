import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DOCUMENT_KINDS,
  type ApplicantType,
  type CaseState,
  type DocumentKind,
  type ServiceState,
} from '@shiming/domain';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const KINDS = Object.keys(DOCUMENT_KINDS);
const STATES: CaseState[] = [
  'draft',
  'submitted',
  'in_review',
  'needs_resubmission',
  'approved',
  'rejected',
  'withdrawn',
];

export class CreateCaseDto {
  @ApiProperty({ enum: ['self', 'proxy', 'enterprise'] })
  @IsIn(['self', 'proxy', 'enterprise'], { message: '请选择办理方式' })
  applicantType: ApplicantType;
}

export class ApplicantDto {
  @ApiProperty({ description: "Owner's name (enterprise: the end user's)", maxLength: 200 })
  @IsString({ message: '请填写姓名' })
  @MaxLength(200, { message: '姓名太长' })
  name: string;

  @ApiProperty({ description: '18-character resident ID number (GB 11643)', maxLength: 40 })
  @IsString({ message: '请填写身份证号码' })
  @MaxLength(40, { message: '身份证号码太长' })
  idNumber: string;

  @ApiPropertyOptional({ description: 'Proxy cases: the proxy’s name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  proxyName?: string;

  @ApiPropertyOptional({ description: 'Proxy cases: the proxy’s ID number' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  proxyIdNumber?: string;

  @ApiPropertyOptional({ description: 'Enterprise cases' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  enterpriseName?: string;

  @ApiPropertyOptional({
    description: 'Enterprise cases: unified social credit code or organisation code',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  organizationCode?: string;
}

export class ApplicantSummaryDto {
  @ApiProperty({ example: '张*' }) nameMasked: string;
  @ApiProperty({ example: '5223**********1234' }) idNumberMasked: string;
  @ApiProperty() age: number;
  @ApiProperty({ enum: ['male', 'female'] }) sex: 'male' | 'female';
}

export class ConsentDto {
  @ApiProperty({
    description: 'The consent text version the subscriber read (Branding.consent.version)',
  })
  @IsString({ message: '缺少同意书版本' })
  @MaxLength(100)
  version: string;
}

export class ConsentResultDto {
  @ApiProperty() version: string;
  @ApiProperty({ format: 'date-time' }) consentedAt: string;
}

class CaseDocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: KINDS }) kind: DocumentKind;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
  @ApiProperty({ description: 'Must be redone (the reviewer asked for it after this upload)' })
  stale: boolean;
}

class MaskedApplicantDto {
  @ApiProperty() nameMasked: string;
  @ApiProperty() idNumberMasked: string;
}

class ResubmissionItemDto {
  @ApiProperty() reason: string;
  @ApiProperty({
    description: "The subscriber's explanation (RESUBMISSION_REASONS[reason].subscriberText)",
  })
  label: string;
  @ApiPropertyOptional({ enum: KINDS }) document?: DocumentKind;
}

class ResubmissionDto {
  @ApiProperty({ type: [ResubmissionItemDto] }) items: ResubmissionItemDto[];
  @ApiProperty() message: string;
  @ApiProperty({ enum: KINDS, isArray: true }) redo: DocumentKind[];
}

class RejectionDto {
  @ApiProperty() reason: string;
  @ApiProperty({
    description: "The subscriber's explanation (REJECTION_REASONS[reason].subscriberText)",
  })
  label: string;
  @ApiProperty() message: string;
  @ApiProperty() hotline: string;
}

export class SubscriberCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STATES }) state: CaseState;
  @ApiProperty({ enum: ['self', 'proxy', 'enterprise'] }) applicantType: ApplicantType;
  @ApiProperty({ example: '138****8000' }) phone: string;
  @ApiProperty({ enum: KINDS, isArray: true }) requiredDocuments: DocumentKind[];
  @ApiProperty({ type: [CaseDocumentDto] }) documents: CaseDocumentDto[];
  @ApiProperty({ type: MaskedApplicantDto, nullable: true }) applicant: MaskedApplicantDto | null;
  @ApiProperty({ nullable: true, type: String }) consentVersion: string | null;
  @ApiProperty({ type: ResubmissionDto, nullable: true }) resubmission: ResubmissionDto | null;
  @ApiProperty({ type: RejectionDto, nullable: true }) rejection: RejectionDto | null;
  @ApiProperty({ enum: ['active', 'single_stop', 'double_stop', 'cancelled', 'lift_pending'] })
  numberState: ServiceState;
  @ApiProperty() resubmissionsLeft: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
}
