import { z } from 'zod';

/** GET/PUT /api/console/admin/wechat/account: never a secret, only whether it is set. */
export const officialAccountSchema = z.object({
  appId: z.string(),
  originalId: z.string().nullable(),
  miniprogramAppId: z.string(),
  campaignTemplateId: z.string().nullable(),
  /** An EncodingAESKey is set: messages are encrypted. */
  safeMode: z.boolean(),
  secretSet: z.boolean(),
  /** The message server's URL to enter in WeChat's admin console. */
  callbackUrl: z.string(),
  updatedAt: z.string(),
});
export type OfficialAccount = z.infer<typeof officialAccountSchema>;

/** PUT body: a secret left out keeps the stored one; encodingAesKey null turns safe mode off. */
export interface OfficialAccountInput {
  appId: string;
  appSecret?: string;
  token?: string;
  encodingAesKey?: string | null;
  originalId: string | null;
  miniprogramAppId: string | null;
  campaignTemplateId: string | null;
}

/** A button of WeChat's custom menu (POST /cgi-bin/menu/create), as the API builds it. */
const leafSchema = z.object({
  type: z.string(),
  name: z.string(),
  url: z.string().optional(),
  appid: z.string().optional(),
  pagepath: z.string().optional(),
  key: z.string().optional(),
});
export type MenuLeaf = z.infer<typeof leafSchema>;
const topSchema = z.union([
  z.object({ name: z.string(), sub_button: z.array(leafSchema) }),
  leafSchema,
]);
export type MenuTop = z.infer<typeof topSchema>;
export const menuSchema = z.object({ button: z.array(topSchema) });
export type WeChatMenu = z.infer<typeof menuSchema>;

export const menuAnswerSchema = z.object({ published: z.boolean(), menu: menuSchema });
