import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { AgentGuard, CurrentAgent, RequireRole } from '../../common/auth/guards';
import type { AgentPrincipal } from '../../common/auth/token.service';
import { Dashboard, ReportsService } from './reports.service';

@ApiTags('console: admin')
@ApiBearerAuth()
@UseGuards(AgentGuard)
@RequireRole('supervisor')
@Controller('console/admin')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('dashboard')
  @ApiOperation({
    summary:
      'Counts by state, the real-name rate and a daily series (supervisor, carrier admin); same numbers as `pnpm shiming report`',
  })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'YYYY-MM-DD (default: 29 days before to)',
  })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (default: today in China)' })
  @ApiQuery({ name: 'region', required: false, description: 'region code prefix, e.g. 522301' })
  @ApiOkResponse({
    description:
      '{ current: { registered, singleStop, doubleStop, cancelled, rate, unregisteredActive, total }, series: [{ date, …, rate }], targets }',
  })
  dashboard(
    @CurrentAgent() agent: AgentPrincipal,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('region') region?: string,
  ): Promise<Dashboard> {
    return this.reports.dashboardById(agent.tenantId, { from, to, region });
  }

  @Get('dashboard.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="dashboard.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      'The dashboard series as CSV (date,registered,single_stop,double_stop,cancelled,rate; last line: current)',
  })
  async csv(
    @CurrentAgent() agent: AgentPrincipal,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('region') region?: string,
  ): Promise<string> {
    return ReportsService.toCsv(
      await this.reports.dashboardById(agent.tenantId, { from, to, region }),
    );
  }
}
