import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { TIME_UNITS, type TimeUnit } from '@hotline/domain';
import { HasVisibleText, NoControlChars } from '../common/text-rules.js';

const UNIT_MESSAGE = `unit 必须是以下之一 / must be one of: ${TIME_UNITS.join(', ')}`;
/** Two years of minutes: far beyond any real time limit, small enough to stay in Date range. */
const MAX_AMOUNT = 1_051_200;

export class DeadlineQuery {
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'from 必须是 ISO 8601 时间（如 2026-10-01T09:00:00+08:00）/ must be an ISO 8601 instant' })
  from: string;

  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'amount 必须是数字 / must be a number' })
  @Min(0.001, { message: 'amount 必须大于 0 / must be greater than 0' })
  @Max(MAX_AMOUNT)
  amount: number;

  @IsIn(TIME_UNITS, { message: UNIT_MESSAGE })
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
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'amount 必须是数字 / must be a number' })
  @Min(0.001, { message: 'amount 必须大于 0 / must be greater than 0' })
  @Max(MAX_AMOUNT)
  amount: number;

  @IsIn(TIME_UNITS, { message: UNIT_MESSAGE })
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
