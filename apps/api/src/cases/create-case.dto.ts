import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested, registerDecorator } from 'class-validator';
import { normalizeMainlandPhone } from '@hotline/domain';
import { HasVisibleText, NoControlChars } from '../common/text-rules.js';

/** 受理渠道 (domain.md §2). */
export const CHANNELS = ['hotline', 'web', 'mobile', 'email', 'letter', 'visit', 'leader_mailbox', 'npc_proposal', 'cppcc_proposal', 'open311'] as const;
/** 诉求类型 (domain.md §2). */
export const CASE_TYPES = ['consultation', 'request', 'suggestion', 'accusation', 'praise'] as const;
export const URGENCIES = ['immediate', 'urgent', 'normal'] as const;

/** Longest complaint text accepted, in characters (a long letter fits; a pasted book does not). */
export const CONTENT_MAX = 5000;

function IsMainlandPhone(): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isMainlandPhone',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: '必须是有效的中国大陆手机号或固定电话 / must be a valid mainland China mobile or landline number' },
      validator: { validate: (v: unknown) => typeof v === 'string' && v.length <= 32 && normalizeMainlandPhone(v) !== null },
    });
}

export class PetitionerDto {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @NoControlChars()
  name?: string;

  @IsOptional()
  @IsString()
  @IsMainlandPhone()
  phone?: string;
}

export class CreateCaseDto {
  @IsIn(CHANNELS, { message: `channel 必须是以下之一 / must be one of: ${CHANNELS.join(', ')}` })
  channel: (typeof CHANNELS)[number];

  @IsOptional()
  @IsIn(CASE_TYPES, { message: `type 必须是以下之一 / must be one of: ${CASE_TYPES.join(', ')}` })
  type?: (typeof CASE_TYPES)[number];

  @IsString()
  @HasVisibleText()
  @MaxLength(CONTENT_MAX)
  @NoControlChars()
  content: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PetitionerDto)
  petitioner?: PetitionerDto;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  @NoControlChars()
  address?: string;

  /** District (6 digits), street/town (9) or community (12) code of the configured city. */
  @IsOptional()
  @Matches(/^\d{6}(\d{3}(\d{3})?)?$/, { message: 'regionCode 必须是 6、9 或 12 位行政区划代码 / must be a 6, 9 or 12 digit division code' })
  regionCode?: string;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,31}$/, { message: 'categoryCode 格式不正确 / must be a category code such as "noise"' })
  categoryCode?: string;

  @IsOptional()
  @IsIn(URGENCIES, { message: `urgency 必须是以下之一 / must be one of: ${URGENCIES.join(', ')}` })
  urgency?: (typeof URGENCIES)[number];

  /** The unit an accusation names; the case is never sent to it (信访工作条例 第30条). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NoControlChars()
  accusedUnit?: string | null;

  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;
}
