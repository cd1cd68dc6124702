import { defineErrors } from '../../common/errors/app-error';

/** Upload and document errors; messages are read by subscribers. */
export const DocumentError = defineErrors('documents', {
  FILE_MISSING: 400,
  UPLOAD_MALFORMED: 400,
  DOCUMENT_KIND_INVALID: 400,
  DOCUMENT_NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  CASE_NOT_EDITABLE: 409,
  NUMBER_ALREADY_REGISTERED: 409,
  FILE_TOO_LARGE: 413,
  NOT_AN_IMAGE: 415,
  IMAGE_TOO_LARGE: 422,
  NUMBER_CANCELLED: 422,
});
