import { CaseAssignmentEntity } from './case-assignment.entity.js';
import { CaseEventEntity } from './case-event.entity.js';
import { CaseEntity } from './case.entity.js';
import { CategoryEntity } from './category.entity.js';
import { DepartmentEntity } from './department.entity.js';
import { OutboxEntity } from './outbox.entity.js';
import { RegionEntity } from './region.entity.js';
import { ResponsibilityRuleEntity } from './responsibility-rule.entity.js';
import { TimeLimitPolicyEntity } from './time-limit-policy.entity.js';
import { UserEntity } from './user.entity.js';

export * from './case-assignment.entity.js';
export * from './case-event.entity.js';
export * from './case.entity.js';
export * from './category.entity.js';
export * from './department.entity.js';
export * from './outbox.entity.js';
export * from './region.entity.js';
export * from './responsibility-rule.entity.js';
export * from './time-limit-policy.entity.js';
export * from './user.entity.js';

export const ENTITIES = [
  CaseAssignmentEntity,
  CaseEventEntity,
  CaseEntity,
  CategoryEntity,
  DepartmentEntity,
  OutboxEntity,
  RegionEntity,
  ResponsibilityRuleEntity,
  TimeLimitPolicyEntity,
  UserEntity,
];
