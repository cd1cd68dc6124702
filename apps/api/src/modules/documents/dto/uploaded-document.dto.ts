import { ApiProperty } from '@nestjs/swagger';
import { DOCUMENT_KINDS, type DocumentKind } from '@shiming/domain';

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
}

export class UploadDocumentBodyDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'A JPEG or PNG photo (checked by its bytes, not its name)',
  })
  file: unknown;
}
