import { ApiProperty } from '@nestjs/swagger';

export class ServiceStateDescriptionDto {
  @ApiProperty({ example: '单向停机' }) title: string;
  @ApiProperty() canReceiveCalls: boolean;
  @ApiProperty() canCall: boolean;
  @ApiProperty() canSms: boolean;
  @ApiProperty() canData: boolean;
  @ApiProperty() explanation: string;
}

export class EscalationDto {
  @ApiProperty({ example: 'double_stop' }) to: string;
  @ApiProperty({ example: '2016-11-01' }) date: string;
  @ApiProperty({ example: 12 }) daysLeft: number;
}

export class NumberStatusDto {
  @ApiProperty({ example: '138****8000' }) phone: string;
  @ApiProperty({ enum: ['mobile', 'fixed'] }) lineType: string;
  @ApiProperty({ enum: ['active', 'single_stop', 'double_stop', 'cancelled', 'lift_pending'] })
  state: string;
  @ApiProperty({ type: ServiceStateDescriptionDto }) description: ServiceStateDescriptionDto;
  @ApiProperty({
    enum: ['temporary_account', 'incomplete_data', 'owner_differs', 'group_card'],
    nullable: true,
  })
  unregisteredKind: string | null;
  @ApiProperty({ type: EscalationDto, nullable: true }) nextEscalation: EscalationDto | null;
  @ApiProperty() registered: boolean;
}
