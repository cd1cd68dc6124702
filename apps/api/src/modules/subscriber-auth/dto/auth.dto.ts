import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class WeChatLoginDto {
  @ApiProperty({ example: 'qxn-mobile' })
  @IsString()
  @IsNotEmpty({ message: '缺少运营商代码' })
  @MaxLength(42)
  tenant: string;

  @ApiProperty({ description: 'code from wx.login (demo: demo-<user>)', example: 'demo-grandma' })
  @IsString()
  @IsNotEmpty({ message: '缺少微信登录凭证' })
  @MaxLength(128)
  code: string;
}

export class H5LoginDto {
  @ApiProperty({ example: 'qxn-mobile' })
  @IsString()
  @IsNotEmpty({ message: '缺少运营商代码' })
  @MaxLength(42)
  tenant: string;
}

export class SmsSendDto {
  @ApiProperty({
    example: '13800138000',
    description: 'as typed: +86, spaces, dashes, full-width digits are fine',
  })
  @IsString()
  @IsNotEmpty({ message: '请填写手机号码' })
  @MaxLength(32)
  phone: string;
}

export class SmsVerifyDto extends SmsSendDto {
  @ApiProperty({ example: '123456' })
  @Matches(/^\d{6}$/, { message: '验证码是 6 位数字' })
  code: string;
}

export class WeChatPhoneDto {
  @ApiProperty({
    description: 'code from the getPhoneNumber button (demo: phone-<11 digits>)',
    example: 'phone-13800138000',
  })
  @IsString()
  @IsNotEmpty({ message: '缺少微信手机号凭证' })
  @MaxLength(128)
  code: string;
}

export class SessionTokenDto {
  @ApiProperty() token: string;
  @ApiProperty({ example: '2016-11-01T10:00:00.000Z' }) expiresAt: string;
}

export class WeChatPhoneSessionDto extends SessionTokenDto {
  @ApiProperty({ example: '138****8000' }) phone: string;
}

export class SmsSentDto {
  @ApiProperty({ example: 60 }) resendAfterSeconds: number;
  @ApiProperty({ example: 300 }) expiresInSeconds: number;
}
