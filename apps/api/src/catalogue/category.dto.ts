import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { HasVisibleText, NoControlChars } from '../common/text-rules.js';

const CODE = /^[a-z][a-z0-9_]{1,31}$/;

export class CreateCategoryDto {
  @Matches(CODE, { message: 'code 必须是小写字母开头的 2-32 位字母数字下划线 / must be 2-32 lower-case letters, digits or "_" starting with a letter' })
  code: string;

  @IsOptional()
  @Matches(CODE, { message: 'parentCode 格式不正确 / must be a category code' })
  parentCode?: string;

  @IsString()
  @HasVisibleText()
  @MaxLength(64)
  @NoControlChars()
  nameZh: string;

  @IsString()
  @HasVisibleText()
  @MaxLength(128)
  @NoControlChars()
  nameEn: string;

  @IsOptional()
  @IsBoolean()
  territorial?: boolean;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,63}$/, { message: 'ownerDepartmentCode 格式不正确 / must be a department code' })
  ownerDepartmentCode?: string;
}

export class UpdateCategoryDto {
  @IsOptional()
  @IsString()
  @HasVisibleText()
  @MaxLength(64)
  @NoControlChars()
  nameZh?: string;

  @IsOptional()
  @IsString()
  @HasVisibleText()
  @MaxLength(128)
  @NoControlChars()
  nameEn?: string;

  @IsOptional()
  @IsBoolean()
  territorial?: boolean;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,63}$/, { message: 'ownerDepartmentCode 格式不正确 / must be a department code' })
  ownerDepartmentCode?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
