import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { TenantsService } from '../tenants/tenants.service';
import {
  buildWeChatXml,
  decryptMessage,
  encryptedReply,
  parseWeChatXml,
  sha1Signature,
  signatureMatches,
} from './callback-crypto';
import { replyTo } from './message-replies';
import { OfficialAccountError } from './official-account.errors';
import { OfficialAccountRepository } from './official-account.repository';
import { OfficialAccount, OfficialAccountService } from './official-account.service';

/** How far WeChat's timestamp may be from our clock; a (timestamp, nonce) is remembered this long. */
export const CALLBACK_WINDOW_SECONDS = 300;

export interface CallbackQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  encrypt_type?: string;
  msg_signature?: string;
}

/**
 * The official account's message server: checks WeChat's signature and the replay window,
 * opens safe-mode messages, records follows, and answers from message-replies.ts. Everything
 * is a few local queries, well inside WeChat's 5 s.
 */
@Injectable()
export class MessageServerService {
  private readonly logger = new Logger(MessageServerService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly accounts: OfficialAccountService,
    private readonly repo: OfficialAccountRepository,
  ) {}

  /** GET: WeChat checks the URL; the echo string goes back when the signature is ours. */
  async verifyUrl(tenantCode: string, q: CallbackQuery): Promise<string> {
    const { account } = await this.check(tenantCode, q);
    void account;
    return q.echostr ?? '';
  }

  /** POST: one message; answers the XML to send back ('success' = nothing to say). */
  async receive(tenantCode: string, q: CallbackQuery, body: string): Promise<string> {
    const { tenant, account, timestamp, nonce } = await this.check(tenantCode, q);
    const outer = parseWeChatXml(body);
    if (!outer) throw new OfficialAccountError('MESSAGE_MALFORMED', '不是微信的消息格式');
    const safe = q.encrypt_type === 'aes';
    let msg = outer;
    if (safe) {
      const encrypted = outer['Encrypt'];
      if (!account.aesKey || !encrypted)
        throw new OfficialAccountError(
          'MESSAGE_MALFORMED',
          '加密消息无法解开（未配置 EncodingAESKey）',
        );
      if (
        !signatureMatches(
          sha1Signature([account.token, String(timestamp), nonce, encrypted]),
          q.msg_signature,
        )
      )
        throw new OfficialAccountError('SIGNATURE_INVALID', '消息签名不对');
      const opened = decryptMessage(account.aesKey, account.appId, encrypted);
      if (!opened.ok) {
        this.logger.warn(`tenant ${tenant.code}: encrypted message refused (${opened.reason})`);
        throw new OfficialAccountError('MESSAGE_MALFORMED', '加密消息无法解开');
      }
      const inner = parseWeChatXml(opened.message);
      if (!inner) throw new OfficialAccountError('MESSAGE_MALFORMED', '不是微信的消息格式');
      msg = inner;
    }
    // Only signed requests reach the nonce table: a forger cannot fill it.
    if (!(await this.repo.rememberNonce(tenant.id, timestamp, nonce, CALLBACK_WINDOW_SECONDS)))
      throw new OfficialAccountError('CALLBACK_REPLAYED', '重复的请求（重放）已拒绝');

    const openid = msg['FromUserName'];
    const event = msg['MsgType'] === 'event' ? (msg['Event'] ?? '').toLowerCase() : '';
    if (openid && (event === 'subscribe' || event === 'unsubscribe'))
      await this.repo.recordFollow(tenant.id, openid, event === 'subscribe');

    const reply = replyTo(msg, {
      tenant,
      publicBaseUrl: this.config.publicBaseUrl,
      miniprogramAppId: account.miniprogramAppId,
    });
    if (reply.kind === 'none' || !openid) return 'success';
    const xml = buildWeChatXml({
      ToUserName: openid,
      FromUserName: msg['ToUserName'] ?? account.originalId ?? '',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: reply.content,
    });
    if (!safe || !account.aesKey) return xml;
    return encryptedReply(
      account.aesKey,
      account.token,
      account.appId,
      xml,
      String(timestamp),
      nonce,
    );
  }

  private async check(
    tenantCode: string,
    q: CallbackQuery,
  ): Promise<{
    tenant: Awaited<ReturnType<TenantsService['getByCode']>>;
    account: OfficialAccount;
    timestamp: number;
    nonce: string;
  }> {
    const tenant = await this.tenants.getByCode(tenantCode);
    const account = await this.accounts.get(tenant.id);
    const timestamp = Number(q.timestamp);
    const nonce = q.nonce ?? '';
    if (!/^\d{1,12}$/.test(q.timestamp ?? '') || !/^[\w-]{1,64}$/.test(nonce))
      throw new OfficialAccountError('SIGNATURE_INVALID', '缺少签名参数');
    if (!signatureMatches(sha1Signature([account.token, q.timestamp ?? '', nonce]), q.signature))
      throw new OfficialAccountError('SIGNATURE_INVALID', '签名不对');
    if (Math.abs(Date.now() / 1000 - timestamp) > CALLBACK_WINDOW_SECONDS)
      throw new OfficialAccountError('CALLBACK_REPLAYED', '请求时间不在 5 分钟内（防重放）');
    return { tenant, account, timestamp, nonce };
  }
}
