import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { DocumentError } from './documents.errors';

/**
 * Bound outside FileInterceptor: turns multer's framework exceptions into the upload's own
 * codes (413 FILE_TOO_LARGE with the limit, 400 UPLOAD_MALFORMED) with Chinese messages.
 */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e: unknown) => {
        if (e instanceof PayloadTooLargeException) {
          const { maxBytes } = this.config.upload;
          const mb = Math.max(1, Math.floor(maxBytes / (1024 * 1024)));
          return throwError(
            () =>
              new DocumentError('FILE_TOO_LARGE', `照片太大了，请上传不超过 ${mb} MB 的照片`, {
                maxBytes,
              }),
          );
        }
        if (e instanceof BadRequestException || e instanceof UnsupportedMediaTypeException) {
          return throwError(
            () =>
              new DocumentError(
                'UPLOAD_MALFORMED',
                '上传格式不正确，请用表单字段 file 上传一张照片',
              ),
          );
        }
        return throwError(() => e);
      }),
    );
  }
}
