import { Module } from '@nestjs/common';
import { AssistingService } from './assisting.service.js';
import { CaseActionsService } from './case-actions.service.js';
import { CaseQueryService } from './case-query.service.js';
import { CasesController } from './cases.controller.js';
import { ClockController } from './clock.controller.js';
import { ClockService } from './clock.service.js';
import { IntakeService } from './intake.service.js';
import { RepeatsService } from './repeats.service.js';

@Module({
  controllers: [CasesController, ClockController],
  providers: [IntakeService, CaseQueryService, CaseActionsService, AssistingService, RepeatsService, ClockService],
  exports: [ClockService],
})
export class CasesModule {}
