import { randomUUID } from 'node:crypto';
import { Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClassifierStore, RoutingEngine, caseStore } from '@hotline/persistence';
import { JobName } from '@hotline/queue';
import { ApiError } from '../common/api-error.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';

const Version = new ParseIntPipe({ exceptionFactory: () => ApiError.badRequest('version', '版本号必须是整数 / must be an integer', 'isInt') });

/** Classifier model versions: list, retrain (by the worker), and roll back by activating another. */
@Controller('admin/classifier')
export class ClassifierAdminController {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: RoutingEngine,
  ) {}

  @Get('models')
  @Roles('admin', 'dispatcher', 'supervisor')
  list() {
    return new ClassifierStore(this.ds).list();
  }

  /** Queues a retrain on the worker (through the outbox, so the request is never lost): 202. */
  @Post('retrain')
  @HttpCode(202)
  @Roles('admin')
  async retrain(@CurrentUser() user: AuthUser) {
    const requestId = randomUUID();
    await this.ds.transaction((m) => caseStore.enqueue(m, { name: JobName.RetrainClassifier, data: { requestedBy: user.id, requestId } }));
    return { status: 'queued', requestId };
  }

  @Post('models/:version/activate')
  @HttpCode(200)
  @Roles('admin')
  async activate(@Param('version', Version) version: number) {
    if (!(await new ClassifierStore(this.ds).activate(version))) throw ApiError.notFound('模型版本不存在 / no such model version');
    await this.engine.reload();
    return { active: version };
  }
}
