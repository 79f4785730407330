import { ConfigError, loadApiConfig } from '@hotline/config';
import { createApiApp } from './app.factory.js';

try {
  const config = loadApiConfig();
  const app = await createApiApp();
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  console.log(JSON.stringify({ level: 'info', msg: `API listening on http://127.0.0.1:${config.PORT}/api/v1`, pid: process.pid }));
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
