import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';

export class BackupDto {
  /** The B post: a colleague of the same department; null clears it. */
  @ValidateIf((o: BackupDto) => o.backupUserId !== null)
  @IsUUID('all')
  backupUserId: string | null;
}

export class AbsenceDto {
  @IsBoolean()
  absent: boolean;
}

export class NotificationsQuery {
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'unread 必须是 true 或 false / must be true or false' })
  unread?: 'true' | 'false';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
