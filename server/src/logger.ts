import { pino, type DestinationStream, type Logger } from "pino";

/**
 * JSON logs. Hub tokens are never passed to a logger; the redact list is a second line of
 * defence for fields that could carry one by accident.
 */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: { paths: ["accessToken", "*.accessToken", "token", "*.token", "authorization", "*.authorization"], censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
export type { DestinationStream, Logger };
