import { ConfigError, loadConfig } from '../../server/config.js';

describe('configuration is read from the environment and checked at start', () => {
  test('an empty environment gives a server that runs on one machine', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.media.listenIp).toBe('127.0.0.1');
    expect(config.media.workerCount).toBeGreaterThanOrEqual(1);
    expect(config.media.announcedAddress).toBeUndefined();
  });

  test('a server behind NAT announces its public address', () => {
    const config = loadConfig({ MEDIA_LISTEN_IP: '0.0.0.0', MEDIA_ANNOUNCED_ADDRESS: '203.0.113.7', MEDIA_PORT: '44000' });
    expect(config.media).toMatchObject({ listenIp: '0.0.0.0', announcedAddress: '203.0.113.7', portBase: 44000 });
  });

  test('every bad variable is named in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', MEDIA_WORKERS: '0', MEDIA_LISTEN_IP: 'localhost', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'MEDIA_WORKERS', 'MEDIA_LISTEN_IP', 'LOG_LEVEL']) expect(problems).toContain(name);
    expect(problems).toContain('"eighty"');
  });
});
