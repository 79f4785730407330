import { Module } from '@nestjs/common';
import { AssistingService } from './assisting.service.js';
import { CaseActionsService } from './case-actions.service.js';
import { CaseQueryService } from './case-query.service.js';
import { CasesController } from './cases.controller.js';
import { IntakeService } from './intake.service.js';
import { RepeatsService } from './repeats.service.js';

@Module({
  controllers: [CasesController],
  providers: [IntakeService, CaseQueryService, CaseActionsService, AssistingService, RepeatsService],
})
export class CasesModule {}
