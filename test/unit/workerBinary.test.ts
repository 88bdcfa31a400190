import { mkdtempSync, readFileSync, cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chooseWorkerBinary } from '../../media/workerBinary.js';

describe('the mediasoup worker binary the server runs', () => {
  test('an explicit MEDIASOUP_WORKER_BIN wins', () => {
    expect(chooseWorkerBinary({ MEDIASOUP_WORKER_BIN: '/opt/worker' })).toEqual({ path: '/opt/worker', origin: 'environment' });
  });

  test('without a prebuilt worker, the one built from source is taken from the cache, by mediasoup version', () => {
    const choice = chooseWorkerBinary({ CROSSCOURT_WORKER_CACHE: '/cache' });
    expect(choice).toEqual({ path: '/cache/3.12.16/mediasoup-worker', origin: 'built-from-source' });
  });

  test('XDG_CACHE_HOME moves the cache', () => {
    expect(chooseWorkerBinary({ XDG_CACHE_HOME: '/xdg' }).path).toBe('/xdg/crosscourt/mediasoup-worker/3.12.16/mediasoup-worker');
  });
});

describe("the build patches mediasoup's meson files to use Debian's libraries", () => {
  const source = join(process.cwd(), 'node_modules/mediasoup/worker');

  test('no subproject is left to download, each library comes from pkg-config, and node_modules is untouched', () => {
    const copy = mkdtempSync(join(tmpdir(), 'worker-meson-'));
    cpSync(join(source, 'meson.build'), join(copy, 'meson.build'));
    cpSync(join(source, 'deps/libwebrtc/meson.build'), join(copy, 'deps/libwebrtc/meson.build'), { recursive: true });
    const original = readFileSync(join(source, 'meson.build'), 'utf8');
    execFileSync(process.execPath, ['media/patch-worker-meson.mjs', copy]);
    const top = readFileSync(join(copy, 'meson.build'), 'utf8');
    const webrtc = readFileSync(join(copy, 'deps/libwebrtc/meson.build'), 'utf8');
    for (const text of [top, webrtc]) {
      expect(text).not.toMatch(/subproject\(\s*'(?!wingetopt)/); // wingetopt: Windows only
      expect(text).not.toMatch(/(?<!wingetopt)_proj\.get_variable/);
    }
    for (const lib of ['openssl', 'nlohmann_json', 'libuv', 'libsrtp2', 'usrsctp', 'absl_flat_hash_map', 'absl_strings']) {
      expect(top).toContain(`dependency('${lib}')`);
    }
    expect(top).toContain("'mediasoup-worker'");
    expect(top).not.toContain('mediasoup-worker-test');
    expect(top).toContain("meson_version: '>= 1.0.0'");
    expect(readFileSync(join(source, 'meson.build'), 'utf8')).toBe(original);
  });

  test('a machine without the system libraries gets one message naming the Debian packages to install', () => {
    const emptyCache = mkdtempSync(join(tmpdir(), 'worker-cache-'));
    let stderr = '';
    let status: number | null = 0;
    try {
      execFileSync('bash', ['media/build-worker.sh'], {
        env: { ...process.env, CROSSCOURT_WORKER_CACHE: emptyCache, PKG_CONFIG_LIBDIR: '/nonexistent', PKG_CONFIG_PATH: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      ({ stderr, status } = error as { stderr: string; status: number });
    }
    expect(status).toBe(2);
    expect(String(stderr)).toContain('missing: openssl nlohmann_json libuv libsrtp2 usrsctp');
    expect(String(stderr)).toContain('apt-get install -y meson ninja-build pkg-config g++ libsrtp2-dev libuv1-dev libssl-dev');
    expect(existsSync(join(emptyCache, '3.12.16', 'mediasoup-worker'))).toBe(false);
  });

  test('the worker built by media/build-worker.sh is cached where the server looks for it', () => {
    const built = execFileSync('bash', ['media/build-worker.sh'], { encoding: 'utf8' }).trim().split('\n').pop()!;
    expect(built).toBe(chooseWorkerBinary({ ...process.env, MEDIASOUP_WORKER_BIN: '' }).path);
    expect(existsSync(built)).toBe(true);
  });
});
