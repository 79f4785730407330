import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row of the 权责清单 / 派单目录. */
@Entity('responsibility_rules')
export class ResponsibilityRuleEntity {
  @PrimaryColumn({ type: 'varchar' }) id: string;
  @Column({ type: 'varchar', name: 'category_code' }) categoryCode: string;
  @Column({ type: 'varchar', name: 'region_level' }) regionLevel: 'street' | 'district' | 'any';
  @Column({ type: 'varchar', name: 'target_type' }) targetType: 'territorial' | 'department';
  @Column({ type: 'varchar', name: 'target_department_code', nullable: true }) targetDepartmentCode: string | null;
  @Column({ type: 'text', array: true, name: 'assisting_department_codes' }) assistingDepartmentCodes: string[];
  @Column({ type: 'integer' }) priority: number;
  @Column({ type: 'text' }) explanation: string;
  @Column({ type: 'boolean' }) active: boolean;
}
