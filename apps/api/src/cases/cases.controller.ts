import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../common/api-error.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { DispatchDto, ListCasesQuery, MergeDto, OpinionDto, ReplyDto, ReturnDecisionDto, ReturnDto, SetCategoryDto, WaiveDto } from './case-actions.dto.js';
import { AssistingService } from './assisting.service.js';
import { RepeatsService } from './repeats.service.js';
import { CaseActionsService } from './case-actions.service.js';
import { CaseQueryService } from './case-query.service.js';
import { CreateCaseDto } from './create-case.dto.js';
import { IntakeService } from './intake.service.js';

/** :id must be a UUID; anything else is a 400 naming the parameter, not a database error. */
const CaseId = new ParseUUIDPipe({
  version: undefined,
  exceptionFactory: () => ApiError.badRequest('id', '案件编号必须是 UUID / must be a UUID', 'isUuid'),
});

const DeptId = new ParseUUIDPipe({
  version: undefined,
  exceptionFactory: () => ApiError.badRequest('departmentId', '单位编号必须是 UUID / must be a UUID', 'isUuid'),
});

/** Idempotency-Key: printable ASCII, 1-128 characters (Stripe-style keys, UUIDs). */
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,128}$/;

@Controller('cases')
export class CasesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly query: CaseQueryService,
    private readonly actions: CaseActionsService,
    private readonly assisting: AssistingService,
    private readonly repeats: RepeatsService,
  ) {}

  /** 登记 register a call. 201 new case; 200 when an Idempotency-Key replays an earlier one. */
  @Post()
  @Roles('operator', 'dispatcher', 'admin')
  async create(
    @Body() dto: CreateCaseDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw ApiError.badRequest('Idempotency-Key', '必须是 1-128 个可打印 ASCII 字符 / must be 1-128 printable ASCII characters', 'matches');
    }
    const result = await this.intake.register(dto, user, key);
    void reply.status(result.created ? 201 : 200);
    return result.body;
  }

  @Get()
  list(@Query() q: ListCasesQuery, @CurrentUser() user: AuthUser) {
    return this.query.list(q, user);
  }

  @Get(':id')
  get(@Param('id', CaseId) id: string, @CurrentUser() user: AuthUser) {
    return this.query.get(id, user);
  }

  @Get(':id/events')
  events(@Param('id', CaseId) id: string, @CurrentUser() user: AuthUser) {
    return this.query.events(id, user);
  }

  @Post(':id/sign')
  @HttpCode(200)
  @Roles('handler', 'dept_head')
  sign(@Param('id', CaseId) id: string, @CurrentUser() user: AuthUser) {
    return this.actions.sign(id, user);
  }

  @Post(':id/reply')
  @HttpCode(200)
  @Roles('handler', 'dept_head')
  reply(@Param('id', CaseId) id: string, @Body() dto: ReplyDto, @CurrentUser() user: AuthUser) {
    return this.actions.reply(id, dto, user);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('handler', 'dept_head')
  returnCase(@Param('id', CaseId) id: string, @Body() dto: ReturnDto, @CurrentUser() user: AuthUser) {
    return this.actions.returnCase(id, dto, user);
  }

  @Post(':id/return-decision')
  @HttpCode(200)
  @Roles('dispatcher', 'admin')
  decideReturn(@Param('id', CaseId) id: string, @Body() dto: ReturnDecisionDto, @CurrentUser() user: AuthUser) {
    return this.actions.decideReturn(id, dto, user);
  }

  /** Set, correct or confirm the category (becomes a training example for the classifier). */
  @Post(':id/category')
  @HttpCode(200)
  @Roles('operator', 'dispatcher', 'admin')
  setCategory(@Param('id', CaseId) id: string, @Body() dto: SetCategoryDto, @CurrentUser() user: AuthUser) {
    return this.actions.setCategory(id, dto, user);
  }

  /** 并单 candidates: open cases with the same phone, or the same street and similar text. */
  @Get(':id/repeats')
  @Roles('operator', 'dispatcher', 'supervisor', 'admin')
  repeatsOf(@Param('id', CaseId) id: string) {
    return this.repeats.repeatsOf(id);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles('operator', 'dispatcher', 'admin')
  merge(@Param('id', CaseId) id: string, @Body() dto: MergeDto, @CurrentUser() user: AuthUser) {
    return this.repeats.merge(id, dto.masterId, user);
  }

  /** 协办意见 from an assisting department. */
  @Post(':id/assist-opinion')
  @HttpCode(200)
  @Roles('handler', 'dept_head')
  assistOpinion(@Param('id', CaseId) id: string, @Body() dto: OpinionDto, @CurrentUser() user: AuthUser) {
    return this.assisting.giveOpinion(id, dto.opinion, user);
  }

  /** The dispatcher waives an assisting department's missing part so the lead can reply. */
  @Post(':id/assisting/:departmentId/waive')
  @HttpCode(200)
  @Roles('dispatcher', 'admin')
  waive(@Param('id', CaseId) id: string, @Param('departmentId', DeptId) departmentId: string, @Body() dto: WaiveDto, @CurrentUser() user: AuthUser) {
    return this.assisting.waive(id, departmentId, dto.note, user);
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @Roles('dispatcher', 'admin')
  dispatch(@Param('id', CaseId) id: string, @Body() dto: DispatchDto, @CurrentUser() user: AuthUser) {
    return this.actions.dispatch(id, dto, user);
  }
}
