import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

const SECRET = 'a'.repeat(32);
const errorOf = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('notification config', () => {
  it('defaults to the log channel, a 10 s webhook timeout and a 1 s retry base', () => {
    const c = loadConfig({});
    expect(c.NOTIFY_CHANNELS).toEqual(['log']);
    expect(c.NOTIFY_WEBHOOK_URL).toBeUndefined();
    expect(c.NOTIFY_WEBHOOK_SECRET).toBeUndefined();
    expect(c.NOTIFY_WEBHOOK_TIMEOUT_MS).toBe(10_000);
    expect(c.NOTIFY_RETRY_BASE_MS).toBe(1000);
  });

  it('reads a comma-separated list, and none', () => {
    const env = { NOTIFY_CHANNELS: ' Webhook , log', NOTIFY_WEBHOOK_URL: 'https://sms.example.gov.cn/hotline', NOTIFY_WEBHOOK_SECRET: SECRET, NOTIFY_WEBHOOK_TIMEOUT_MS: '2500', NOTIFY_RETRY_BASE_MS: '50' };
    const c = loadConfig(env);
    expect(c.NOTIFY_CHANNELS).toEqual(['webhook', 'log']);
    expect(c.NOTIFY_WEBHOOK_URL).toBe('https://sms.example.gov.cn/hotline');
    expect(c.NOTIFY_WEBHOOK_SECRET).toBe(SECRET);
    expect(c.NOTIFY_WEBHOOK_TIMEOUT_MS).toBe(2500);
    expect(c.NOTIFY_RETRY_BASE_MS).toBe(50);
    expect(loadConfig({ NOTIFY_CHANNELS: 'none' }).NOTIFY_CHANNELS).toEqual([]);
  });

  it('requires the URL and a 32-character secret with the webhook channel, naming both', () => {
    const message = errorOf({ NOTIFY_CHANNELS: 'webhook' });
    expect(message).toContain('NOTIFY_WEBHOOK_URL: NOTIFY_WEBHOOK_URL is required when NOTIFY_CHANNELS includes webhook, and must be an http:// or https:// URL');
    expect(message).toContain('NOTIFY_WEBHOOK_SECRET: NOTIFY_WEBHOOK_SECRET is required when NOTIFY_CHANNELS includes webhook, and must be at least 32 characters');
    expect(errorOf({ NOTIFY_CHANNELS: 'webhook', NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/', NOTIFY_WEBHOOK_SECRET: 'short' })).toMatch(/NOTIFY_WEBHOOK_SECRET: .*at least 32 characters/);
    expect(errorOf({ NOTIFY_CHANNELS: 'webhook', NOTIFY_WEBHOOK_URL: 'ftp://x', NOTIFY_WEBHOOK_SECRET: SECRET })).toMatch(/NOTIFY_WEBHOOK_URL: /);
  });

  it('never prints the secret', () => {
    expect(errorOf({ NOTIFY_CHANNELS: 'webhook', NOTIFY_WEBHOOK_URL: 'x', NOTIFY_WEBHOOK_SECRET: 'secret-value' })).not.toContain('secret-value');
  });

  it('refuses an unknown or repeated channel and bad numbers', () => {
    expect(errorOf({ NOTIFY_CHANNELS: 'log,sms' })).toContain('NOTIFY_CHANNELS: NOTIFY_CHANNELS must be a comma-separated list of webhook, log (or none)');
    expect(errorOf({ NOTIFY_CHANNELS: 'log,log' })).toContain('NOTIFY_CHANNELS lists a channel twice');
    expect(errorOf({ NOTIFY_WEBHOOK_TIMEOUT_MS: 'soon' })).toContain('NOTIFY_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds');
    expect(errorOf({ NOTIFY_RETRY_BASE_MS: '1' })).toMatch(/NOTIFY_RETRY_BASE_MS: .*not be less than 10/);
  });
});
