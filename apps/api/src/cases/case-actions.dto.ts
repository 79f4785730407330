import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { HasVisibleText, NoControlChars } from '../common/text-rules.js';
import { CASE_STATUSES } from '@hotline/domain';

/** 退单原因 reason codes; "other" needs the text to say what. */
export const RETURN_REASONS = ['not_our_responsibility', 'wrong_region', 'insufficient_information', 'duplicate', 'other'] as const;

export class ReplyDto {
  @IsString()
  @HasVisibleText()
  @MaxLength(5000)
  @NoControlChars()
  reply: string;

  @IsBoolean()
  resolved: boolean;
}

export class ReturnDto {
  @IsIn(RETURN_REASONS, { message: `reasonCode 必须是以下之一 / must be one of: ${RETURN_REASONS.join(', ')}` })
  reasonCode: (typeof RETURN_REASONS)[number];

  @IsString()
  @HasVisibleText()
  @MaxLength(1000)
  @NoControlChars()
  reason: string;
}

export class DispatchDto {
  @IsUUID('all')
  departmentId: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  assistingDepartmentIds?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @NoControlChars()
  note?: string;
}

export class ReturnDecisionDto {
  @IsBoolean()
  approve: boolean;

  /** When approving: re-dispatch at once to this department (otherwise it waits in pending_dispatch). */
  @IsOptional()
  @IsUUID('all')
  departmentId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @NoControlChars()
  note?: string;
}

export class ListCasesQuery {
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: `status 必须是以下之一 / must be one of: ${CASE_STATUSES.join(', ')}` })
  status?: (typeof CASE_STATUSES)[number];

  @IsOptional()
  @IsUUID('all')
  departmentId?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue 必须是 true 或 false / must be true or false' })
  overdue?: 'true' | 'false';

  /** `me`: only the cases I work (including those I cover for an absent colleague, AB岗). */
  @IsOptional()
  @IsIn(['me'], { message: 'assignee 只能是 me / must be "me"' })
  assignee?: 'me';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class SetCategoryDto {
  @Matches(/^[a-z][a-z0-9_]{1,31}$/, { message: 'categoryCode 格式不正确 / must be a category code such as "noise"' })
  categoryCode: string;

  @IsOptional()
  @IsIn(['immediate', 'urgent', 'normal'], { message: 'urgency 必须是 immediate、urgent 或 normal / must be immediate, urgent or normal' })
  urgency?: 'immediate' | 'urgent' | 'normal';
}

export class OpinionDto {
  @IsString()
  @HasVisibleText()
  @MaxLength(5000)
  @NoControlChars()
  opinion: string;
}

export class WaiveDto {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @NoControlChars()
  note?: string;
}

export class MergeDto {
  @IsUUID('all')
  masterId: string;
}
