// Configuration comes from environment variables only, validated once at start. A bad value
// stops the process with a message naming every variable that is wrong and what it should be.
import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a port number` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be 0-65535`)
    .max(65535, `${name} must be 0-65535`);

const ipAddress = (name: string) => z.string().refine((value) => isIP(value) !== 0, `${name} must be an IPv4 or IPv6 address`);

const configSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port('PORT').default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MEDIA_WORKERS: z.coerce
    .number({ error: 'MEDIA_WORKERS must be a number' })
    .int('MEDIA_WORKERS must be a whole number')
    .min(1, 'MEDIA_WORKERS must be at least 1')
    .max(64, 'MEDIA_WORKERS must be at most 64')
    .default(availableParallelism()),
  MEDIA_LISTEN_IP: ipAddress('MEDIA_LISTEN_IP').default('127.0.0.1'),
  MEDIA_ANNOUNCED_ADDRESS: z.string().min(1).optional(),
  MEDIA_PORT: port('MEDIA_PORT').default(40000),
  CLIENT_DIR: z.string().min(1).default('client/dist'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  DATA_DIR: z.string().min(1).default('data'),
  EVIDENCE_DIR: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:\/\//.test(value), 'REDIS_URL must be a redis:// or rediss:// URL')
    .optional(),
  CROSSCOURT_ALLOW_UNPERSISTED_REDIS: z.enum(['0', '1', 'true', 'false'], { error: 'CROSSCOURT_ALLOW_UNPERSISTED_REDIS must be 1 or 0' }).default('0'),
  EVIDENCE_MAX_BYTES: z.coerce
    .number({ error: 'EVIDENCE_MAX_BYTES must be a number of bytes' })
    .int('EVIDENCE_MAX_BYTES must be a whole number')
    .min(1024, 'EVIDENCE_MAX_BYTES must be at least 1024')
    .default(200 * 1024 * 1024),
  HEARING_RECONNECT_WINDOW_MS: z.coerce.number().int().min(0).max(3_600_000).default(120_000),
  HEARING_REMINDER_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  PUBLIC_URL: z
    .string()
    .refine((value) => /^https?:\/\/[^/]+$/.test(value), 'PUBLIC_URL must be an origin like https://court.example.org (no path, no trailing slash)')
    .optional(),
  TRIAL_REMINDER_MINUTES: z
    .string()
    .refine(
      (value) => value === '' || value.split(',').every((part) => /^\s*\d+\s*$/.test(part) && Number(part) >= 1 && Number(part) <= 30 * 24 * 60),
      'TRIAL_REMINDER_MINUTES must be minutes before a round deadline, comma-separated, each 1-43200, e.g. "1440,60" (empty: no reminders)',
    )
    .default('1440,60'),
  TRIAL_CLOCK_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  TRIAL_WEBHOOK_URL: z
    .string()
    .refine((value) => /^https?:\/\/\S+$/.test(value), 'TRIAL_WEBHOOK_URL must be an http:// or https:// URL')
    .optional(),
  TRIAL_WEBHOOK_SECRET: z.string().min(16, 'TRIAL_WEBHOOK_SECRET must be at least 16 characters').optional(),
  TRIAL_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  TRIAL_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
});

export interface CourtConfig {
  host: string;
  port: number;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  media: {
    workerCount: number;
    listenIp: string;
    /** Public address put in ICE candidates when the server sits behind NAT. */
    announcedAddress?: string;
    /** Worker i uses MEDIA_PORT + i for both UDP and TCP; 0 lets each worker choose. */
    portBase: number;
  };
  clientDir: string;
  shutdownGraceMs: number;
  storage: StorageConfig;
  evidenceMaxBytes: number;
  /** How long a participant whose connection dropped keeps their seat and state in a hearing. */
  reconnectWindowMs: number;
  /** How long before a hearing starts its participants are reminded. */
  hearingReminderMs: number;
  /** The origin invitation links point to; by default the one the request came to. */
  publicUrl?: string;
  trial: TrialConfig;
}

export interface TrialConfig {
  /** Minutes before a round's deadline at which those who have not answered are reminded. */
  reminderOffsetsMinutes: number[];
  /** How often the court's clock settles rounds and sends reminders. */
  clockMs: number;
  /** Reminders also go to this gateway (e-mail, SMS), signed with HMAC-SHA256. */
  webhook?: { url: string; secret: string; attempts: number; backoffMs: number };
}

export type StorageConfig =
  /** Embedded: SQLite in dataDir, evidence files in evidenceDir (default dataDir/evidence). */
  | { kind: 'sqlite'; dataDir: string; evidenceDir: string }
  /** Distributed: the record in Redis; evidence files in evidenceDir, a folder every node shares. */
  | { kind: 'redis'; url: string; allowUnpersisted: boolean; evidenceDir: string };

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CourtConfig {
  const parsed = configSchema
    .refine((c) => (c.TRIAL_WEBHOOK_URL === undefined) === (c.TRIAL_WEBHOOK_SECRET === undefined), {
      message: 'TRIAL_WEBHOOK_URL and TRIAL_WEBHOOK_SECRET go together: the webhook body is signed with the secret',
      path: ['TRIAL_WEBHOOK_SECRET'],
    })
    .safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${name}=${JSON.stringify(env[name] ?? null)}: ${issue.message}`;
      }),
    );
  }
  const c = parsed.data;
  return {
    host: c.HOST,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    media: {
      workerCount: c.MEDIA_WORKERS,
      listenIp: c.MEDIA_LISTEN_IP,
      ...(c.MEDIA_ANNOUNCED_ADDRESS ? { announcedAddress: c.MEDIA_ANNOUNCED_ADDRESS } : {}),
      portBase: c.MEDIA_PORT,
    },
    clientDir: c.CLIENT_DIR,
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    storage: c.REDIS_URL
      ? { kind: 'redis', url: c.REDIS_URL, allowUnpersisted: ['1', 'true'].includes(c.CROSSCOURT_ALLOW_UNPERSISTED_REDIS), evidenceDir: c.EVIDENCE_DIR ?? join(c.DATA_DIR, 'evidence') }
      : { kind: 'sqlite', dataDir: c.DATA_DIR, evidenceDir: c.EVIDENCE_DIR ?? join(c.DATA_DIR, 'evidence') },
    evidenceMaxBytes: c.EVIDENCE_MAX_BYTES,
    reconnectWindowMs: c.HEARING_RECONNECT_WINDOW_MS,
    hearingReminderMs: c.HEARING_REMINDER_MINUTES * 60_000,
    ...(c.PUBLIC_URL ? { publicUrl: c.PUBLIC_URL } : {}),
    trial: {
      reminderOffsetsMinutes: c.TRIAL_REMINDER_MINUTES.split(',').filter((part) => part.trim() !== '').map(Number),
      clockMs: c.TRIAL_CLOCK_SECONDS * 1000,
      ...(c.TRIAL_WEBHOOK_URL !== undefined && c.TRIAL_WEBHOOK_SECRET !== undefined
        ? { webhook: { url: c.TRIAL_WEBHOOK_URL, secret: c.TRIAL_WEBHOOK_SECRET, attempts: c.TRIAL_WEBHOOK_ATTEMPTS, backoffMs: c.TRIAL_WEBHOOK_BACKOFF_MS } }
        : {}),
    },
  };
}
