import { Injectable, PipeTransform } from '@nestjs/common';
import { defineErrors } from '../../common/errors/app-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CaseIdError = defineErrors('cases', { CASE_NOT_FOUND: 404 });

/** A case id that is not even a uuid is simply a case that does not exist (404, like another tenant's). */
@Injectable()
export class CaseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new CaseIdError('CASE_NOT_FOUND', '没有找到这个申请');
    return value.toLowerCase();
  }
}
