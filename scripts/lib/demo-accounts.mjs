// The "you can log in now" banner of `npm start`.
import { redact } from './postgres.mjs';

const SHOWN_DEPARTMENTS = 12; // the seed has hundreds; the rest are one query away

const FIXED = [
  ['operator1', 'operator'],
  ['dispatcher1', 'dispatcher'],
  ['supervisor1', 'supervisor'],
  ['admin', 'admin'],
];

/**
 * Department accounts (handler.<code> / head.<code>) as seeded, with department names where found.
 * Best effort: the schema belongs to the app, so this looks tables up by their columns and returns
 * [] if it finds none; the banner then shows the naming pattern instead.
 */
async function departmentAccounts(databaseUrl) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  /** The first table named like `nameLike` that has column `key`, with all its columns. */
  const findTable = async (key, nameLike) => {
    const { rows } = await client.query(
      `SELECT table_schema AS s, table_name AS t, array_agg(column_name::text) AS cols FROM information_schema.columns
        WHERE table_name::text LIKE $2 AND table_schema NOT IN ('pg_catalog', 'information_schema')
        GROUP BY 1, 2 HAVING $1 = ANY(array_agg(column_name::text)) ORDER BY 2 LIMIT 1`,
      [key, nameLike],
    );
    if (!rows[0]) return null;
    const { s, t, cols } = rows[0];
    const plain = s === 'public' && /^[a-z_][a-z0-9_]*$/.test(t);
    return { ref: `${pg.escapeIdentifier(s)}.${pg.escapeIdentifier(t)}`, shown: plain ? t : `${s}.${t}`, cols };
  };
  try {
    await client.connect();
    const users = (await findTable('username', '%user%')) ?? (await findTable('username', '%'));
    if (!users) return { accounts: [] };
    const { rows } = await client.query(`SELECT username FROM ${users.ref} WHERE username LIKE 'handler.%' ORDER BY username`);
    const names = new Map();
    const departments = await findTable('code', '%department%');
    const nameColumn = ['name_zh', 'name', 'name_en'].find((c) => departments?.cols.includes(c));
    if (nameColumn) {
      const sql = `SELECT code, ${pg.escapeIdentifier(nameColumn)} AS name FROM ${departments.ref}`;
      for (const row of (await client.query(sql)).rows) names.set(String(row.code), row.name);
    }
    const accounts = rows.map(({ username }) => {
      const code = username.slice('handler.'.length);
      return { code, name: names.get(code) ?? '' };
    });
    return { accounts, query: `SELECT username FROM ${users.shown} WHERE username LIKE 'handler.%' OR username LIKE 'head.%'` };
  } catch {
    return { accounts: [] };
  } finally {
    await client.end().catch(() => {});
  }
}

export async function printBanner({ port, databaseUrl }) {
  const base = `http://127.0.0.1:${port}/api/v1`;
  const { accounts: departments, query } = await departmentAccounts(databaseUrl);
  const lines = [
    '',
    `Hotline API is up: ${base}  (health: ${base}/health)`,
    '',
    'Log in (password demo-password for every demo account):',
    `  curl -s -X POST ${base}/auth/login -H 'Content-Type: application/json' \\`,
    `       -d '{"username":"operator1","password":"demo-password"}'`,
    '  then send the accessToken as:  -H "Authorization: Bearer <accessToken>"',
    '',
    'Demo accounts:',
    ...FIXED.map(([user, role]) => `  ${user.padEnd(14)} ${role}`),
  ];
  if (departments.length > 0) {
    lines.push('  department accounts (handler / head):');
    const shown = departments.slice(0, SHOWN_DEPARTMENTS);
    const width = Math.max(...shown.map(({ code }) => code.length));
    for (const { code, name } of shown) lines.push(`    handler.${code.padEnd(width)}  head.${code.padEnd(width)}  ${name}`);
    if (departments.length > shown.length) {
      lines.push(`    ... and ${departments.length - shown.length} more departments; all of them: psql '${redact(databaseUrl)}' -c "${query}"`);
    }
  } else {
    lines.push('  handler.<departmentCode> / head.<departmentCode> for each department,');
    lines.push('    e.g. handler.street-330106005 / head.street-330106005 for 翠苑街道');
  }
  lines.push('', 'Ctrl-C stops the API, the worker and any Postgres/Redis started here.', '');
  console.log(lines.join('\n'));
}
