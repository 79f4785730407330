// Runs once before the integration tests: a fresh database (migrated and seeded with the demo city)
// and a fresh queue prefix for this run, on the real Postgres and Redis. Jest workers inherit the env.
// Uses the compiled build in dist/ (npm test builds first), like `npm start` does.
import { randomBytes } from 'node:crypto';

export default async function globalSetup() {
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const base = new URL(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline');
  base.pathname = `/hotline_test_${run}`;
  process.env.DATABASE_URL = base.toString();
  process.env.REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  process.env.QUEUE_PREFIX = `hotline-test-${run}`;
  process.env.JWT_SECRET = randomBytes(32).toString('hex');
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.NODE_ENV = 'test';
  process.env.OUTBOX_POLL_MS = '50';

  const { migrate, createDataSource, seedDemoData, ClassifierStore } = await import('../../dist/libs/persistence/src/index.js');
  await migrate(process.env.DATABASE_URL);
  const ds = createDataSource({ url: process.env.DATABASE_URL, poolSize: 2 });
  await ds.initialize();
  try {
    await seedDemoData(ds, process.env.CITY_CODE ?? '3301');
    // Train the classifier here, in plain Node: inside Jest's VM the same training is ~10x slower.
    await new ClassifierStore(ds).loadActive(new Date());
  } finally {
    await ds.destroy();
  }
}
