// Process entry: configuration → media workers and HTTP → graceful shutdown on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config.js';
import { startCourtServer } from './CourtServer.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const server = await startCourtServer(config, logger);
  console.log(`CrossCourt is ready: open ${server.url} in a browser to join a hearing room.`);

  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'signal received');
    const forced = setTimeout(() => process.exit(1), config.shutdownGraceMs + 5000);
    forced.unref();
    void server.close(`the server is shutting down (${signal})`).then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error('CrossCourt failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
