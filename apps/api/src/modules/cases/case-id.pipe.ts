import { Injectable, PipeTransform } from '@nestjs/common';
import { CaseError } from './cases.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case id that is not even a uuid is simply a case that does not exist (404, like another tenant's). */
@Injectable()
export class CaseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new CaseError('CASE_NOT_FOUND', '没有找到这个申请');
    return value.toLowerCase();
  }
}
