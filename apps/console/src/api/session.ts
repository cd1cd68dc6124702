import { z } from 'zod';

/**
 * The agent's session: the bearer token and who it belongs to. Kept in
 * sessionStorage (gone when the tab closes, never shared between tabs),
 * never in localStorage and never in a URL.
 */
export const roleSchema = z.enum(['agent', 'supervisor', 'carrier_admin', 'platform_admin']);
export type Role = z.infer<typeof roleSchema>;

export const agentSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  tenant: z.object({ code: z.string(), displayName: z.string() }),
});
export type Agent = z.infer<typeof agentSchema>;

const sessionSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  agent: agentSchema,
});
export type Session = z.infer<typeof sessionSchema>;

const KEY = 'shiming.console.session';
type Listener = () => void;
const listeners = new Set<Listener>();
let cached: Session | null | undefined;

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = sessionSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    if (Date.parse(parsed.data.expiresAt) <= Date.now()) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  if (cached === undefined) cached = read();
  return cached;
}

export function setSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  cached = session;
  listeners.forEach((l) => l());
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const RANK: Record<Role, number> = { agent: 0, supervisor: 1, carrier_admin: 2, platform_admin: 3 };

/** `agent` < `supervisor` < `carrier_admin` < `platform_admin`. */
export function hasRole(agent: Pick<Agent, 'role'> | null | undefined, atLeast: Role): boolean {
  return !!agent && RANK[agent.role] >= RANK[atLeast];
}

export const ROLE_LABELS: Record<Role, string> = {
  agent: '审核坐席',
  supervisor: '班长',
  carrier_admin: '运营商管理员',
  platform_admin: '平台管理员',
};
