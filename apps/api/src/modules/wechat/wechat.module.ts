import { Module } from '@nestjs/common';
import { WeChatClient } from './wechat.client';

/** The WeChat server API client. Import this module to inject WeChatClient. */
@Module({ providers: [WeChatClient], exports: [WeChatClient] })
export class WeChatModule {}
