import { defineErrors } from '../../common/errors/app-error';

export const NumberError = defineErrors('numbers', {
  NUMBER_NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
});
