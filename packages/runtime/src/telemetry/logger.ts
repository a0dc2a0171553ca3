import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs, one line per event that matters. `destination` lets tests read real output. */
export function createLogger(service: string, level = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
