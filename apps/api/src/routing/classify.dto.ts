import { IsOptional, IsString, MaxLength } from 'class-validator';
import { HasVisibleText, NoControlChars } from '../common/text-rules.js';
import { CONTENT_MAX } from '../cases/create-case.dto.js';

export class ClassifyDto {
  @IsString()
  @HasVisibleText()
  @MaxLength(CONTENT_MAX)
  @NoControlChars()
  content: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  @NoControlChars()
  address?: string;
}
