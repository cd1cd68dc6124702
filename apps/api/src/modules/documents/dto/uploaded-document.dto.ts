import { ApiProperty } from '@nestjs/swagger';
import { DOCUMENT_KINDS, type DocumentKind } from '@shiming/domain';

export class QualityCheckDto {
  @ApiProperty({ enum: ['blur', 'glare', 'framing', 'resolution'] }) code: string;
  @ApiProperty({
    description:
      'blur: variance of the Laplacian at 1000 px; glare: clipped cells of 8 × 5; framing: card share of the frame; resolution: card width in px as taken',
  })
  score: number;
  @ApiProperty({ description: "The tenant's capture policy value it was judged against" })
  threshold: number;
  @ApiProperty({ enum: ['pass', 'warn', 'fail'] }) verdict: string;
  @ApiProperty({ example: '照片模糊，请拿稳手机、对准证件重新拍。' }) message: string;
}

export class DocumentQualityDto {
  @ApiProperty({ enum: ['pass', 'warn', 'fail'], description: 'The worst of the checks' })
  verdict: string;
  @ApiProperty({ type: [QualityCheckDto] }) checks: QualityCheckDto[];
  @ApiProperty({
    description: "true when the tenant's qualityMode is 'block' and the verdict is 'fail'",
  })
  blocking: boolean;
}

export class UploadedDocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: Object.keys(DOCUMENT_KINDS) }) kind: DocumentKind;
  @ApiProperty({
    description: 'Stored width in pixels (after auto-rotation and fitting inside 2000 px)',
  })
  width: number;
  @ApiProperty() height: number;
  @ApiProperty({ description: 'Size of the re-encoded JPEG' }) bytes: number;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
  @ApiProperty({
    type: DocumentQualityDto,
    nullable: true,
    description:
      'Capture checks: id_front/id_back/proxy_id_* all four, id_handheld resolution only, other kinds null',
  })
  quality: DocumentQualityDto | null;
}

export class UploadDocumentBodyDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'A JPEG or PNG photo (checked by its bytes, not its name)',
  })
  file: unknown;
}
