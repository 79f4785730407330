// Drops this run's database and every Redis key under its queue prefix.
import { Redis } from 'ioredis';

export default async function globalTeardown() {
  if (process.env.KEEP_TEST_DB) return;
  const { dropDatabase } = await import('../../dist/libs/persistence/src/index.js');
  await dropDatabase(process.env.DATABASE_URL);
  const redis = new Redis(process.env.REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${process.env.QUEUE_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
