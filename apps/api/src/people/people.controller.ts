import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/api-error.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { AbPostService } from './ab-post.service.js';
import { AbsenceDto, BackupDto, NotificationsQuery } from './people.dto.js';

const Id = (field: string) => new ParseUUIDPipe({ version: undefined, exceptionFactory: () => ApiError.badRequest(field, '必须是 UUID / must be a UUID', 'isUuid') });

@Controller()
export class PeopleController {
  constructor(
    private readonly ds: DataSource,
    private readonly abPost: AbPostService,
  ) {}

  @Get('users/me')
  me(@CurrentUser() user: AuthUser) {
    return this.abPost.me(user);
  }

  /** AB岗: name (or clear) my backup. */
  @Put('users/me/backup')
  @Roles('handler', 'dept_head')
  setBackup(@CurrentUser() user: AuthUser, @Body() dto: BackupDto) {
    return this.abPost.setBackup(user, dto.backupUserId);
  }

  @Post('users/:id/absence')
  @HttpCode(200)
  @Roles('handler', 'dept_head', 'admin')
  setAbsence(@CurrentUser() user: AuthUser, @Param('id', Id('id')) id: string, @Body() dto: AbsenceDto) {
    return this.abPost.setAbsence(user, id, dto.absent);
  }

  /** My notifications and my department's, newest first. */
  @Get('notifications')
  async notifications(@CurrentUser() user: AuthUser, @Query() q: NotificationsQuery) {
    const rows = await this.ds.query(
      `SELECT id, case_id AS "caseId", type, title, body, data, created_at AS "createdAt", read_at AS "readAt",
              recipient_user_id IS NOT NULL AS personal
       FROM notifications
       WHERE (recipient_user_id = $1 OR ($2::uuid IS NOT NULL AND recipient_department_id = $2))
         AND ($3::boolean IS NOT TRUE OR read_at IS NULL)
       ORDER BY id DESC LIMIT $4`,
      [user.id, user.departmentId, q.unread === 'true', q.limit ?? 50],
    );
    return { items: rows };
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  async markRead(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    if (!/^\d{1,18}$/.test(id)) throw ApiError.badRequest('id', '必须是数字 / must be a number', 'isInt');
    // TypeORM returns [rows, affectedCount] for an UPDATE … RETURNING (fix: it was used as the rows).
    const [rows]: [unknown[], number] = await this.ds.query(
      `UPDATE notifications SET read_at = COALESCE(read_at, now())
       WHERE id = $1 AND (recipient_user_id = $2 OR ($3::uuid IS NOT NULL AND recipient_department_id = $3)) RETURNING id`,
      [id, user.id, user.departmentId],
    );
    if (!rows.length) throw ApiError.notFound('通知不存在 / no such notification');
    return { id: Number(id), read: true };
  }
}
