import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { TimeUnit } from '@hotline/domain';
import { DurationAmount, DurationUnit } from '../common/duration-rules.js';
import { HasVisibleText, NoControlChars } from '../common/text-rules.js';

/** 一次性告知: everything that is missing, listed at once. */
export class SupplementRequestDto {
  @IsArray()
  @ArrayMinSize(1, { message: 'items 至少列出一项需补充的材料 / list at least one missing item' })
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @HasVisibleText({ each: true })
  @MaxLength(500, { each: true })
  @NoControlChars({ each: true })
  items: string[];

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @NoControlChars()
  note?: string;

  /** A supervisor allows a second request on the same case (domain.md §4). */
  @IsOptional()
  @IsBoolean()
  override?: boolean;
}

/** The petitioner's answer to a supplement request, recorded by staff. */
export class SupplementDto {
  @IsString()
  @HasVisibleText()
  @MaxLength(5000)
  @NoControlChars()
  content: string;
}

export class ExtensionRequestDto {
  @DurationAmount()
  amount: number;

  @DurationUnit()
  unit: TimeUnit;

  /** 信访工作条例 第34条: the reason is told to the petitioner. */
  @IsString()
  @HasVisibleText()
  @MaxLength(1000)
  @NoControlChars()
  reason: string;
}

export class ExtensionDecisionDto {
  @IsBoolean()
  approve: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @NoControlChars()
  note?: string;
}

export const CONTACT_METHODS = ['phone', 'sms', 'visit', 'on_site', 'other'] as const;

export class FirstContactDto {
  @IsIn(CONTACT_METHODS, { message: `method 必须是以下之一 / must be one of: ${CONTACT_METHODS.join(', ')}` })
  method: (typeof CONTACT_METHODS)[number];

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoControlChars()
  note?: string;
}

export const SATISFACTION = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

/** 回访: the hotline calls the petitioner back about the reply. */
export class CallbackDto {
  @IsIn(SATISFACTION, { message: `satisfaction 必须是以下之一 / must be one of: ${SATISFACTION.join(', ')}` })
  satisfaction: (typeof SATISFACTION)[number];

  @IsBoolean()
  resolved: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoControlChars()
  note?: string;
}

export class ExtensionListQuery {
  @IsOptional()
  @IsIn(['pending', 'approved', 'denied'], { message: 'status 必须是 pending、approved 或 denied / must be pending, approved or denied' })
  status?: 'pending' | 'approved' | 'denied';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** 信访 复查/复核 request (信访工作条例 第35、36条). */
export class ReviewRequestDto {
  @IsString()
  @HasVisibleText()
  @MaxLength(2000)
  @NoControlChars()
  reason: string;
}
