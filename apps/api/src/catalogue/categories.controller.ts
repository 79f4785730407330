import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CategoryEntity, RoutingEngine } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import { Roles } from '../auth/auth-user.js';
import { CreateCategoryDto, UpdateCategoryDto } from './category.dto.js';

const view = (c: CategoryEntity) => ({
  code: c.code,
  parentCode: c.parentCode,
  name: c.nameZh,
  nameEn: c.nameEn,
  territorial: c.territorial,
  ownerDepartmentCode: c.ownerDepartmentCode,
  active: c.active,
});

/**
 * The 诉求分类 catalogue as data. Codes are stable API values: they can be deactivated, never renamed
 * (cases, rules and the classifier refer to them).
 */
@Controller()
export class CategoriesController {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: RoutingEngine,
  ) {}

  @Get('categories')
  async list() {
    const rows = await this.ds.getRepository(CategoryEntity).find({ order: { code: 'ASC' } });
    return rows.map(view);
  }

  @Post('admin/categories')
  @Roles('admin')
  async create(@Body() dto: CreateCategoryDto) {
    const repo = this.ds.getRepository(CategoryEntity);
    if (await repo.findOne({ where: { code: dto.code } })) throw ApiError.conflict('CATEGORY_EXISTS', `分类 ${dto.code} 已存在 / category ${dto.code} exists`);
    if (dto.parentCode && !(await repo.findOne({ where: { code: dto.parentCode } }))) throw ApiError.badRequest('parentCode', '上级分类不存在 / no such parent category', 'exists');
    await this.assertDepartment(dto.ownerDepartmentCode);
    const row = repo.create({ code: dto.code, parentCode: dto.parentCode ?? null, nameZh: dto.nameZh, nameEn: dto.nameEn, territorial: dto.territorial ?? false, ownerDepartmentCode: dto.ownerDepartmentCode ?? null, active: true });
    await repo.insert(row);
    await this.engine.reload();
    return view(row);
  }

  @Patch('admin/categories/:code')
  @Roles('admin')
  async update(@Param('code') code: string, @Body() dto: UpdateCategoryDto) {
    const repo = this.ds.getRepository(CategoryEntity);
    const row = await repo.findOne({ where: { code } });
    if (!row) throw ApiError.notFound('分类不存在 / no such category');
    await this.assertDepartment(dto.ownerDepartmentCode);
    Object.assign(row, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
    await repo.save(row);
    await this.engine.reload();
    return view(row);
  }

  private async assertDepartment(code: string | undefined): Promise<void> {
    if (!code) return;
    const found: unknown[] = await this.ds.query(`SELECT 1 FROM departments WHERE code = $1 AND active`, [code]);
    if (!found.length) throw ApiError.badRequest('ownerDepartmentCode', '单位不存在 / no such department', 'exists');
  }
}
