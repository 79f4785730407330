import { Module } from '@nestjs/common';
import { CaseActionsService } from './case-actions.service.js';
import { CaseQueryService } from './case-query.service.js';
import { CasesController } from './cases.controller.js';
import { IntakeService } from './intake.service.js';

@Module({
  controllers: [CasesController],
  providers: [IntakeService, CaseQueryService, CaseActionsService],
})
export class CasesModule {}
