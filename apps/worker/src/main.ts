import { ConfigError } from '@hotline/config';
import { createWorker } from './bootstrap.js';

try {
  await createWorker();
  console.log(JSON.stringify({ level: 'info', msg: 'worker started', pid: process.pid }));
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
