import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentSubscriber, RequireProvenNumber, SubscriberGuard } from '../../common/auth/guards';
import type { SubscriberPrincipal } from '../../common/auth/token.service';
import { NumberStatusDto } from './dto/number-status.dto';
import { NumberStatus, NumbersService } from './numbers.service';

@ApiTags('subscriber')
@ApiBearerAuth()
@Controller('me')
@UseGuards(SubscriberGuard)
export class NumbersController {
  constructor(private readonly numbers: NumbersService) {}

  @Get('number')
  @RequireProvenNumber()
  @ApiOperation({
    summary: "The proven number's service state, what still works and the next escalation",
  })
  @ApiOkResponse({ type: NumberStatusDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / SESSION_EXPIRED' })
  @ApiForbiddenResponse({ description: 'NUMBER_NOT_PROVEN' })
  @ApiNotFoundResponse({ description: 'NUMBER_NOT_FOUND' })
  number(@CurrentSubscriber() s: SubscriberPrincipal): Promise<NumberStatus> {
    return this.numbers.statusFor(s.tenantId, s.numberId as string);
  }
}
