import { IsString, MaxLength } from 'class-validator';
import { HasVisibleText, NoControlChars } from '../common/text-rules.js';

export class LoginDto {
  @IsString()
  @HasVisibleText()
  @MaxLength(64)
  @NoControlChars()
  username: string;

  @IsString()
  @HasVisibleText()
  @MaxLength(256)
  @NoControlChars()
  password: string;
}
