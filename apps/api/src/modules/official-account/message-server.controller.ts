import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { OfficialAccountError } from './official-account.errors';
import { CallbackQuery, MessageServerService } from './message-server.service';

/** WeChat sends at most a few KB; anything larger is not WeChat. */
const MAX_BODY_BYTES = 64 * 1024;

/** The body as text: the JSON parser does not take text/xml, so the stream is still ours. */
async function readBody(req: Request & { rawBody?: Buffer }): Promise<string> {
  if (req.rawBody) return req.rawBody.toString('utf8');
  if (typeof req.body === 'string') return req.body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new OfficialAccountError('MESSAGE_MALFORMED', '消息太大');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

@ApiTags('wechat: official account')
@Controller('wechat/callback')
export class MessageServerController {
  constructor(private readonly server: MessageServerService) {}

  @Get(':tenantCode')
  @ApiOperation({
    summary:
      "WeChat's URL check: echostr back when signature = sha1(sort(token, timestamp, nonce))",
  })
  @ApiOkResponse({ description: 'text/plain: the echostr' })
  @ApiUnauthorizedResponse({ description: 'SIGNATURE_INVALID' })
  @ApiForbiddenResponse({ description: 'CALLBACK_REPLAYED (timestamp outside 5 minutes)' })
  async verify(
    @Param('tenantCode') tenantCode: string,
    @Query() q: CallbackQuery,
    @Res() res: Response,
  ): Promise<void> {
    const echo = await this.server.verifyUrl(tenantCode, q);
    res.type('text/plain').send(echo);
  }

  @Post(':tenantCode')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Messages and events from WeChat (plain or safe mode): follow → welcome with the mini-program link; keywords 实名/补登/停机/复机/核实/客服; menu clicks',
  })
  @ApiOkResponse({
    description: "application/xml: the reply (encrypted in safe mode), or 'success'",
  })
  @ApiBadRequestResponse({ description: 'MESSAGE_MALFORMED' })
  @ApiUnauthorizedResponse({ description: 'SIGNATURE_INVALID (signature or msg_signature)' })
  @ApiForbiddenResponse({
    description: 'CALLBACK_REPLAYED (stale timestamp or a nonce already seen)',
  })
  async receive(
    @Param('tenantCode') tenantCode: string,
    @Query() q: CallbackQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const body = await readBody(req);
    const answer = await this.server.receive(tenantCode, q, body);
    if (answer === 'success') res.type('text/plain').send('success');
    else res.type('application/xml').send(answer);
  }
}
