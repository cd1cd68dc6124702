import { apiRequest, apiRequestOrEmpty } from '../../api/client';
import { menuAnswerSchema, officialAccountSchema, type OfficialAccountInput } from './schemas';

/** The tenant's official account, or null while none is configured (the API's 204). */
export const fetchOfficialAccount = () =>
  apiRequestOrEmpty('/console/admin/wechat/account', officialAccountSchema);

export const saveOfficialAccount = (input: OfficialAccountInput) =>
  apiRequest('/console/admin/wechat/account', officialAccountSchema, {
    method: 'PUT',
    body: input,
  });

/** The menu as it would be sent to WeChat; nothing is published. */
export const fetchMenuPreview = async () =>
  (
    await apiRequest('/console/admin/wechat/menu', menuAnswerSchema, {
      method: 'POST',
      body: { dryRun: true },
    })
  ).menu;

export const publishMenu = () =>
  apiRequest('/console/admin/wechat/menu', menuAnswerSchema, { method: 'POST', body: {} });
