import type { FaultPoint } from '../../config/config';

/**
 * A crash point for the crash tests (src/reliability/crash-recovery.int-spec.ts): when
 * SHIMING_FAULT names this point, the process SIGKILLs itself here — no finally blocks, no
 * shutdown hooks, as a power cut or the OOM killer would. Inert otherwise: the configuration
 * leaves `fault` null unless the variable is set, and refuses it in production.
 */
export function faultPoint(fault: FaultPoint | null, point: FaultPoint): void {
  if (fault === point) process.kill(process.pid, 'SIGKILL');
}
