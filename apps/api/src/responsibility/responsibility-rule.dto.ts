import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_RULE_PRIORITY } from '@hotline/domain';
import { NoControlChars } from '../common/text-rules.js';

export const REGION_LEVELS = ['street', 'district', 'any'] as const;
export const TARGET_TYPES = ['territorial', 'department'] as const;
export const IMPORT_MODES = ['merge', 'replace'] as const;

/** Rule ids are stable API values (dispatch records cite them): `default-noise`, `rule-1a2b3c4d`. */
export const RULE_ID = /^[a-z0-9][a-z0-9_-]{1,63}$/;
const CATEGORY_CODE = /^[a-z][a-z0-9_]{1,31}$/;
const DEPARTMENT_CODE = /^[a-z0-9][a-z0-9.-]{1,63}$/;

/** Priority bounds: lower is tried first. */
export const PRIORITY_MIN = 0;
export const PRIORITY_MAX = 100_000;
/** A rule created without a priority ranks with the seeded defaults (a specific rule should say less). */
export const DEFAULT_PRIORITY = DEFAULT_RULE_PRIORITY;
/** Longest explanation, in characters (it is shown with every dispatch). */
export const EXPLANATION_MAX = 500;
/** Most assisting (协办) departments one rule may name. */
export const ASSISTING_MAX = 20;

const ID_MESSAGE = 'id 必须是 2-64 位小写字母、数字、"_" 或 "-"，以字母或数字开头 / must be 2-64 lower-case letters, digits, "_" or "-", starting with a letter or digit';
const CATEGORY_MESSAGE = 'categoryCode 格式不正确 / must be a category code such as "noise"';
const DEPARTMENT_MESSAGE = '单位编码格式不正确 / must be a department code such as "bureau-urban-management"';
const REGION_MESSAGE = `regionLevel 必须是以下之一 / must be one of: ${REGION_LEVELS.join(', ')}`;
const TARGET_MESSAGE = `targetType 必须是以下之一 / must be one of: ${TARGET_TYPES.join(', ')}`;

/** The fields a rule may leave out on create and on update alike (the same checks for both). */
abstract class RuleOptionalFields {
  /** Required for `department`, absent/null for `territorial`. */
  @IsOptional()
  @IsString()
  @Matches(DEPARTMENT_CODE, { message: `targetDepartmentCode ${DEPARTMENT_MESSAGE}` })
  targetDepartmentCode?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ASSISTING_MAX)
  @ArrayUnique({ message: '协办单位不能重复 / assistingDepartmentCodes must not repeat a department' })
  @IsString({ each: true })
  @Matches(DEPARTMENT_CODE, { each: true, message: `assistingDepartmentCodes ${DEPARTMENT_MESSAGE}` })
  assistingDepartmentCodes?: string[];

  @IsOptional()
  @IsInt()
  @Min(PRIORITY_MIN)
  @Max(PRIORITY_MAX)
  priority?: number;

  @IsOptional()
  @IsString()
  @MaxLength(EXPLANATION_MAX)
  @NoControlChars()
  explanation?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

const CategoryCode = (): PropertyDecorator => applyDecorators(IsString(), Matches(CATEGORY_CODE, { message: CATEGORY_MESSAGE }));
const RegionLevel = (): PropertyDecorator => IsIn(REGION_LEVELS, { message: REGION_MESSAGE });
const TargetType = (): PropertyDecorator => IsIn(TARGET_TYPES, { message: TARGET_MESSAGE });

/**
 * One 权责清单 rule as a client sends it. Used for POST and, field for field, for every row of a CSV
 * import, so the API and the import apply the same rules. References (category, departments) are checked
 * against the database afterwards (responsibility-rule-checks.ts).
 */
export class CreateResponsibilityRuleDto extends RuleOptionalFields {
  /** Optional: `rule-<8 hex>` is generated when absent. */
  @IsOptional()
  @IsString()
  @Matches(RULE_ID, { message: ID_MESSAGE })
  id?: string;

  @CategoryCode()
  categoryCode: string;

  @RegionLevel()
  regionLevel: (typeof REGION_LEVELS)[number];

  @TargetType()
  targetType: (typeof TARGET_TYPES)[number];
}

/** PATCH: any subset of the fields; the id never changes. `targetDepartmentCode: null` clears it. */
export class UpdateResponsibilityRuleDto extends RuleOptionalFields {
  @IsOptional()
  @CategoryCode()
  categoryCode?: string;

  @IsOptional()
  @RegionLevel()
  regionLevel?: (typeof REGION_LEVELS)[number];

  @IsOptional()
  @TargetType()
  targetType?: (typeof TARGET_TYPES)[number];
}

export class ListResponsibilityRulesQuery {
  @IsOptional()
  @Matches(CATEGORY_CODE, { message: CATEGORY_MESSAGE })
  categoryCode?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'active 必须是 true 或 false / must be true or false' })
  active?: 'true' | 'false';
}

/**
 * The import body is JSON (the API's only body parser), the CSV text in one string. The global body
 * limit (BODY_LIMIT_BYTES, 64 KiB by default) applies: a few hundred rules. Nest's @RouteConfig only
 * fills Fastify's route `config`, not the route's `bodyLimit`, so it cannot be raised for this route
 * alone; a larger file gets 413.
 */
export class ImportResponsibilityRulesDto {
  @IsString()
  csv: string;

  /** merge (default): rules not in the file stay as they are; replace: active rules not in the file are deactivated. */
  @IsOptional()
  @IsIn(IMPORT_MODES, { message: `mode 必须是以下之一 / must be one of: ${IMPORT_MODES.join(', ')}` })
  mode?: (typeof IMPORT_MODES)[number];
}

export class ImportResponsibilityRulesQuery {
  /** Defaults to true: nothing is written unless the caller says dryRun=false. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun 必须是 true 或 false / must be true or false' })
  dryRun?: 'true' | 'false';
}
