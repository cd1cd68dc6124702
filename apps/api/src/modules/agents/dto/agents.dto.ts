import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { AGENT_ROLES } from '../agent.entity';
import { MIN_PASSWORD_LENGTH } from '../password';

export class LoginDto {
  @ApiProperty({ example: 'qxn-unicom-agent' })
  @IsString()
  @IsNotEmpty({ message: '请填写用户名' })
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'shiming-demo' })
  @IsString()
  @IsNotEmpty({ message: '请填写密码' })
  @MaxLength(200)
  password: string;
}

export class AgentTenantDto {
  @ApiProperty({ example: 'qxn-unicom' }) code: string;
  @ApiProperty({ example: '黔西南联通' }) displayName: string;
}

export class AgentViewDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: AGENT_ROLES }) role: string;
  @ApiProperty({ type: AgentTenantDto }) tenant: AgentTenantDto;
}

export class LoginResultDto {
  @ApiProperty() token: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: AgentViewDto }) agent: AgentViewDto;
}

export class ManagedAgentDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: AGENT_ROLES }) role: string;
  @ApiProperty() disabled: boolean;
  @ApiProperty() createdAt: string;
}

const PASSWORD_MESSAGE = `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`;

export class CreateAgentDto {
  @ApiProperty({ example: 'qxn-unicom-agent3' })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,40}$/, {
    message: '用户名只能用小写字母、数字和 . _ -，3 到 41 个字符',
  })
  username: string;

  @ApiProperty({ example: '王芳' })
  @IsString()
  @IsNotEmpty({ message: '请填写姓名' })
  @MaxLength(40)
  displayName: string;

  @ApiProperty({ enum: AGENT_ROLES })
  @IsIn(AGENT_ROLES, { message: '角色不正确' })
  role: (typeof AGENT_ROLES)[number];

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: PASSWORD_MESSAGE })
  @MaxLength(200)
  password: string;
}

export class UpdateAgentDto {
  @ApiPropertyOptional({ enum: AGENT_ROLES })
  @IsOptional()
  @IsIn(AGENT_ROLES, { message: '角色不正确' })
  role?: (typeof AGENT_ROLES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: '请填写姓名' })
  @MaxLength(40)
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: PASSWORD_MESSAGE })
  @MaxLength(200)
  password?: string;
}
