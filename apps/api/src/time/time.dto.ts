import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { TimeUnit } from '@hotline/domain';
import { DurationAmount, DurationUnit } from '../common/duration-rules.js';
import { HasVisibleText, NoControlChars } from '../common/text-rules.js';


export class DeadlineQuery {
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'from 必须是 ISO 8601 时间（如 2026-10-01T09:00:00+08:00）/ must be an ISO 8601 instant' })
  from: string;

  @Type(() => Number)
  @DurationAmount()
  amount: number;

  @DurationUnit()
  unit: TimeUnit;
}

export class CalendarRangeQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class CalendarDayDto {
  /** true = working day (e.g. a 调休 Saturday), false = rest day (a holiday). */
  @IsBoolean()
  working: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NoControlChars()
  note?: string;
}

export class DurationDto {
  @DurationAmount()
  amount: number;

  @DurationUnit()
  unit: TimeUnit;
}

export class StagesPatchDto {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => DurationDto) sign?: DurationDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => DurationDto) firstContact?: DurationDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => DurationDto) reply?: DurationDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => DurationDto) returnWindow?: DurationDto;
}

export class ExtensionRuleDto {
  @IsInt()
  @Min(0)
  @Max(5)
  maxCount: number;

  @IsObject()
  @ValidateNested()
  @Type(() => DurationDto)
  maxAmount: DurationDto;
}

export class PolicyPatchDto {
  @IsOptional()
  @IsString()
  @HasVisibleText()
  @MaxLength(50)
  @NoControlChars()
  name?: string;

  @IsOptional()
  @IsString()
  @HasVisibleText()
  @MaxLength(100)
  @NoControlChars()
  nameEn?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => StagesPatchDto)
  stages?: StagesPatchDto;

  /** null = no extension allowed. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ExtensionRuleDto)
  extension?: ExtensionRuleDto | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DurationDto)
  supplementTimeout?: DurationDto;
}
