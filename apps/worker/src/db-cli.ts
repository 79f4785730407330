import 'reflect-metadata';
import { ConfigError, loadConfig } from '@hotline/config';
import { ClassifierStore, createDataSource, migrate, seedDemoData } from '@hotline/persistence';

/**
 * `node dist/apps/worker/src/db-cli.js migrate|seed` — creates the database if missing and runs the
 * pending migrations, or loads the demo city (idempotent). Used by `npm start`, Docker and the tests.
 */
async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  if (command === 'migrate') {
    const ran = await migrate(config.DATABASE_URL);
    console.log(ran.length ? `migrations run: ${ran.join(', ')}` : 'database schema is up to date');
    return;
  }
  if (command === 'seed') {
    const ds = createDataSource({ url: config.DATABASE_URL, poolSize: 2 });
    await ds.initialize();
    try {
      const s = await seedDemoData(ds, config.CITY_CODE);
      console.log(`seeded (new rows): ${s.regions} regions, ${s.departments} departments, ${s.users} users, ${s.categories} categories, ${s.rules} rules, ${s.policies} policies`);
      // Train the first classifier model now, so the API and worker start without that wait.
      const { version } = await new ClassifierStore(ds).loadActive(new Date());
      console.log(`classifier model: version ${version} active`);
    } finally {
      await ds.destroy();
    }
    return;
  }
  console.error('usage: db-cli migrate|seed');
  process.exitCode = 2;
}

try {
  await main(process.argv[2]);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
