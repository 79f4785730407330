import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiError } from '../common/api-error.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { CallbackDto, ExtensionDecisionDto, ExtensionListQuery, ExtensionRequestDto, FirstContactDto, ReviewRequestDto, SupplementDto, SupplementRequestDto } from './clock.dto.js';
import { ClockService } from './clock.service.js';

const uuid = (field: string) =>
  new ParseUUIDPipe({ version: undefined, exceptionFactory: () => ApiError.badRequest(field, '必须是 UUID / must be a UUID', 'isUuid') });

/** 限时办结 clock control on a case: 一次性告知, 延期, 首次联系, 回访. */
@Controller()
export class ClockController {
  constructor(private readonly clock: ClockService) {}

  @Post('cases/:id/supplement-request')
  @HttpCode(200)
  @Roles('handler', 'dept_head', 'supervisor', 'admin')
  requestSupplement(@Param('id', uuid('id')) id: string, @Body() dto: SupplementRequestDto, @CurrentUser() user: AuthUser) {
    return this.clock.requestSupplement(id, dto, user);
  }

  @Post('cases/:id/supplement')
  @HttpCode(200)
  @Roles('operator', 'dispatcher', 'handler', 'dept_head', 'admin')
  recordSupplement(@Param('id', uuid('id')) id: string, @Body() dto: SupplementDto, @CurrentUser() user: AuthUser) {
    return this.clock.recordSupplement(id, dto, user);
  }

  @Post('cases/:id/extension-request')
  @HttpCode(201)
  @Roles('handler', 'dept_head')
  requestExtension(@Param('id', uuid('id')) id: string, @Body() dto: ExtensionRequestDto, @CurrentUser() user: AuthUser) {
    return this.clock.requestExtension(id, dto, user);
  }

  @Get('extension-requests')
  @Roles('supervisor', 'admin')
  listExtensions(@Query() q: ExtensionListQuery) {
    return this.clock.listExtensions(q.status, q.limit ?? 100);
  }

  @Post('extension-requests/:id/decision')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  decideExtension(@Param('id', uuid('id')) id: string, @Body() dto: ExtensionDecisionDto, @CurrentUser() user: AuthUser) {
    return this.clock.decideExtension(id, dto, user);
  }

  @Post('cases/:id/first-contact')
  @HttpCode(200)
  @Roles('handler', 'dept_head')
  firstContact(@Param('id', uuid('id')) id: string, @Body() dto: FirstContactDto, @CurrentUser() user: AuthUser) {
    return this.clock.recordFirstContact(id, dto, user);
  }

  /** 信访 复查/复核, registered by the hotline or petition office for the petitioner. */
  @Post('cases/:id/review-request')
  @HttpCode(200)
  @Roles('operator', 'dispatcher', 'admin')
  requestReview(@Param('id', uuid('id')) id: string, @Body() dto: ReviewRequestDto, @CurrentUser() user: AuthUser) {
    return this.clock.requestReview(id, dto, user);
  }

  @Post('cases/:id/callback')
  @HttpCode(200)
  @Roles('operator', 'supervisor', 'admin')
  callback(@Param('id', uuid('id')) id: string, @Body() dto: CallbackDto, @CurrentUser() user: AuthUser) {
    return this.clock.callback(id, dto, user);
  }
}
