// The asynchronous trial's settings: reminder offsets, the clock, and the signed webhook.
import { ConfigError, loadConfig } from '../../../server/config.js';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('by default, reminders go a day and an hour before a deadline, in the app only', () => {
  expect(loadConfig({}).trial).toEqual({ reminderOffsetsMinutes: [1440, 60], clockMs: 15_000 });
});

test('the webhook takes its URL and secret together, with retries and backoff', () => {
  const { trial } = loadConfig({ TRIAL_WEBHOOK_URL: 'https://gateway.example.org/reminders', TRIAL_WEBHOOK_SECRET: 'a-long-shared-secret', TRIAL_REMINDER_MINUTES: '2880, 120,15' });
  expect(trial).toEqual({
    reminderOffsetsMinutes: [2880, 120, 15],
    clockMs: 15_000,
    webhook: { url: 'https://gateway.example.org/reminders', secret: 'a-long-shared-secret', attempts: 5, backoffMs: 1000 },
  });
  expect(loadConfig({ TRIAL_REMINDER_MINUTES: '' }).trial.reminderOffsetsMinutes).toEqual([]);
});

test('bad trial settings are named', () => {
  expect(problemsOf({ TRIAL_WEBHOOK_URL: 'https://gateway.example.org/reminders' })).toContain('TRIAL_WEBHOOK_SECRET');
  const both = problemsOf({ TRIAL_WEBHOOK_URL: 'ftp://gateway', TRIAL_WEBHOOK_SECRET: 'short' });
  expect(both).toContain('TRIAL_WEBHOOK_URL="ftp://gateway": TRIAL_WEBHOOK_URL must be an http:// or https:// URL');
  expect(both).toContain('TRIAL_WEBHOOK_SECRET="short": TRIAL_WEBHOOK_SECRET must be at least 16 characters');
  expect(problemsOf({ TRIAL_REMINDER_MINUTES: '60,soon' })).toContain('TRIAL_REMINDER_MINUTES="60,soon"');
});
