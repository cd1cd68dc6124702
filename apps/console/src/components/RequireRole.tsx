import { Result } from 'antd';
import type { ReactNode } from 'react';
import { hasRole, type Role } from '../api/session';
import { useSession } from '../domains/auth/hooks';

export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const session = useSession();
  if (!hasRole(session?.agent, role))
    return <Result status="403" title="无权访问" subTitle="您的角色不能查看此页面。" />;
  return <>{children}</>;
}
