import { defineErrors } from '../../common/errors/app-error';

export const OfficialAccountError = defineErrors('official-account', {
  /** The tenant has no official account configured (app id, secret, token). */
  OFFICIAL_ACCOUNT_NOT_CONFIGURED: 409,
  /** The menu breaks one of WeChat's limits (names, counts, urls). */
  MENU_INVALID: 422,
  /** WeChat refused the menu (its errcode and meaning in the answer: the admin can act on them). */
  MENU_REJECTED: 502,
  /** Message server: the signature (or msg_signature) does not match the tenant's token. */
  SIGNATURE_INVALID: 401,
  /** Message server: timestamp outside the window, or a (timestamp, nonce) already seen. */
  CALLBACK_REPLAYED: 403,
  /** Message server: not WeChat's XML, or an encrypted message that does not open. */
  MESSAGE_MALFORMED: 400,
  /** Web authorisation: the state is forged, expired or not this browser's. */
  OAUTH_STATE_INVALID: 400,
  /** Web authorisation: the redirect is not a page of our H5 build. */
  OAUTH_REDIRECT_INVALID: 400,
});
