import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/** Nest's levels from the pino-style LOG_LEVEL (fatal/error/warn/info/debug/trace/silent). */
export function nestLogLevels(level: string): LogLevel[] {
  switch (level) {
    case 'silent':
      return [];
    case 'fatal':
      return ['fatal'];
    case 'error':
      return ['fatal', 'error'];
    case 'warn':
      return ['fatal', 'error', 'warn'];
    case 'debug':
      return ['fatal', 'error', 'warn', 'log', 'debug'];
    case 'trace':
      return ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
    default:
      return ['fatal', 'error', 'warn', 'log'];
  }
}

/** One JSON object per line, like the HTTP logs, so both processes' logs can be shipped as they are. */
export function createJsonLogger(level: string, context: string): ConsoleLogger {
  return new ConsoleLogger(context, { json: true, logLevels: nestLogLevels(level) });
}
