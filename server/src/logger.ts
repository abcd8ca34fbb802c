import { pino, type Logger } from "pino";

/**
 * JSON logs. Hub tokens are never passed to a logger; the redact list is a second line of
 * defence for fields that could carry one by accident.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: { paths: ["accessToken", "*.accessToken", "token", "*.token", "authorization", "*.authorization"], censor: "[redacted]" },
  });
}
export type { Logger };
