import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, type PipeTransform } from '@nestjs/common';
import { ApiError } from '../common/api-error.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { ResponsibilityRuleImportService } from './responsibility-rule-import.service.js';
import {
  CreateResponsibilityRuleDto,
  ImportResponsibilityRulesDto,
  ImportResponsibilityRulesQuery,
  ListResponsibilityRulesQuery,
  RULE_ID,
  UpdateResponsibilityRuleDto,
} from './responsibility-rule.dto.js';
import { ResponsibilityRulesService } from './responsibility-rules.service.js';

/** :id must look like a rule id; anything else is a 400 naming the parameter. */
const RuleId: PipeTransform<string, string> = {
  transform: (id: string) => {
    if (!RULE_ID.test(id)) throw ApiError.badRequest('id', '规则编号格式不正确 / must be a rule id such as "default-noise"', 'matches');
    return id;
  },
};

/**
 * 权责清单 / 派单目录 administration (domain.md §5): read by admins, dispatchers and supervisors;
 * changed by admins only — one rule at a time, or a whole CSV file (export, edit in Excel, import).
 */
@Controller('admin/responsibility-rules')
export class ResponsibilityRulesController {
  constructor(
    private readonly rules: ResponsibilityRulesService,
    private readonly importer: ResponsibilityRuleImportService,
  ) {}

  @Get()
  @Roles('admin', 'dispatcher', 'supervisor')
  list(@Query() q: ListResponsibilityRulesQuery) {
    return this.rules.list(q);
  }

  /** Every rule (inactive too) as UTF-8 CSV with a BOM, so Excel in a Chinese locale opens it correctly. */
  @Get('export.csv')
  @Roles('admin', 'dispatcher', 'supervisor')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="responsibility-rules.csv"')
  exportCsv() {
    return this.rules.exportCsv();
  }

  @Post()
  @Roles('admin')
  create(@Body() dto: CreateResponsibilityRuleDto, @CurrentUser() user: AuthUser) {
    return this.rules.create(dto, user);
  }

  /** 200 with the report (dry run by default); 422 with the report when dryRun=false and a row is invalid. */
  @Post('import')
  @HttpCode(200)
  @Roles('admin')
  importCsv(@Query() q: ImportResponsibilityRulesQuery, @Body() dto: ImportResponsibilityRulesDto, @CurrentUser() user: AuthUser) {
    return this.importer.import(dto.csv, dto.mode ?? 'merge', q.dryRun !== 'false', user);
  }

  @Patch(':id')
  @Roles('admin')
  update(@Param('id', RuleId) id: string, @Body() dto: UpdateResponsibilityRuleDto, @CurrentUser() user: AuthUser) {
    return this.rules.update(id, dto, user);
  }

  /** Soft delete: the rule is deactivated (dispatch records cite its id) and returned. */
  @Delete(':id')
  @Roles('admin')
  remove(@Param('id', RuleId) id: string, @CurrentUser() user: AuthUser) {
    return this.rules.deactivate(id, user);
  }
}
