import { defineErrors } from '../../common/errors/app-error';

export const CampaignError = defineErrors('campaign', {
  CAMPAIGN_NOT_FOUND: 404,
  /** The filter selects nothing, or asks for a state or kind that does not exist. */
  CAMPAIGN_FILTER_INVALID: 400,
  /** Another runner holds the campaign (its heartbeat is fresh). */
  CAMPAIGN_BUSY: 409,
  /** Done or cancelled: nothing more to send. */
  CAMPAIGN_FINISHED: 409,
});
