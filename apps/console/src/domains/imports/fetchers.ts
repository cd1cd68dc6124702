import { apiUpload, type UploadProgress } from '../../api/client';
import { importResultSchema } from './schemas';

/** The API refuses more (a million rows is about 45 MB). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

export const uploadSuspensionList = (
  file: File,
  onProgress?: (p: UploadProgress) => void,
  signal?: AbortSignal,
) => apiUpload('/console/admin/imports', importResultSchema, { file, onProgress, signal });
