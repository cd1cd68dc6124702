import { LoggerService, LogLevel } from '@nestjs/common';
import { maskFreeText } from '@shiming/domain';

const ORDER: Record<string, number> = {
  verbose: 0,
  debug: 0,
  log: 1,
  info: 1,
  warn: 2,
  error: 3,
  fatal: 4,
};

/**
 * Structured logs, one JSON object a line. Every message passes through maskFreeText so an ID
 * number or a phone number that slipped into a message never reaches the log in full; callers
 * still mask at the source (maskPhone, maskIdNumber) — this is the net, not the rule.
 */
export class JsonLogger implements LoggerService {
  private readonly min: number;
  constructor(
    level: 'debug' | 'info' | 'warn' | 'error',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.min = ORDER[level] ?? 1;
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('fatal', message, rest);
  }
  setLogLevels(_levels: LogLevel[]): void {
    // Levels come from LOG_LEVEL, checked once at start-up.
  }

  private emit(level: string, message: unknown, rest: unknown[]): void {
    if ((ORDER[level] ?? 1) < this.min) return;
    // Nest passes the context as the last string argument.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const text =
      typeof message === 'string'
        ? message
        : message instanceof Error
          ? (message.stack ?? message.message)
          : JSON.stringify(message);
    const extra = rest.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join(' ');
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      context,
      msg: maskFreeText(extra ? `${text} ${extra}` : text),
    };
    this.write(JSON.stringify(line));
  }
}
