import { Module } from '@nestjs/common';
import { PersistenceModule } from '@hotline/persistence';
import { ResponsibilityRuleImportService } from './responsibility-rule-import.service.js';
import { ResponsibilityRulesController } from './responsibility-rules.controller.js';
import { ResponsibilityRulesService } from './responsibility-rules.service.js';

/** 权责清单 / 派单目录 administration: CRUD, CSV export and import. */
@Module({
  imports: [PersistenceModule],
  controllers: [ResponsibilityRulesController],
  providers: [ResponsibilityRulesService, ResponsibilityRuleImportService],
})
export class ResponsibilityModule {}
