import { PipeTransform } from '@nestjs/common';
import { ReviewError } from './review.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in a path that is not even a uuid names nothing: 404, like an id of another tenant. */
export class CaseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new ReviewError('CASE_NOT_FOUND', '申请不存在');
    return value.toLowerCase();
  }
}

export class LiftIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new ReviewError('LIFT_NOT_FOUND', '复机任务不存在');
    return value.toLowerCase();
  }
}
