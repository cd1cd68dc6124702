import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  Controller,
  HttpCode,
  Post,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { maskPhone } from '@shiming/domain';
import { AgentGuard, CurrentAgent, RequireRole } from '../../common/auth/guards';
import type { AgentPrincipal } from '../../common/auth/token.service';
import { ImportError } from './imports.errors';
import { ImportResult, ImportsService } from './imports.service';

/** A suspension list can be tens of megabytes (a million rows ≈ 45 MB). */
const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

@ApiTags('console: admin')
@ApiBearerAuth()
@UseGuards(AgentGuard)
@RequireRole('carrier_admin')
@Controller('console/admin/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(200)
  @UseInterceptors(
    FileInterceptor('file', { dest: tmpdir(), limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }),
  )
  @ApiOperation({
    summary:
      "Import a suspension list (CSV: number,line_type,unregistered_kind,state[,owner_name,region_code,stopped_on]) into the admin's tenant",
    description:
      'Same service as `pnpm shiming import`. Refused rows come back (numbers masked) with their line and reason; nothing is written when the file itself is bad.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiOkResponse({
    description:
      '{ read, accepted, inserted, updated, unchanged, rejected, stateChanges, rejectedSample: [{ line, number (masked), reason }] }',
  })
  async upload(
    @CurrentAgent() agent: AgentPrincipal,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<Omit<ImportResult, 'reportPath'>> {
    if (!file) throw new ImportError('FILE_MISSING', '请选择要导入的 CSV 文件（表单字段 file）。');
    try {
      const { reportPath: _path, ...result } = await this.imports.importCsv({
        tenant: { id: agent.tenantId },
        source: createReadStream(file.path),
        actor: { type: 'agent', id: agent.agentId },
        sampleSize: 200,
      });
      return {
        ...result,
        rejectedSample: result.rejectedSample.map((r) => ({ ...r, number: maskPhone(r.number) })),
      };
    } finally {
      await rm(file.path, { force: true });
    }
  }
}
