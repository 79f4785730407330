import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DepartmentKind } from '@hotline/domain';

@Entity('departments')
export class DepartmentEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'varchar' }) code: string;
  @Column({ type: 'text', name: 'name_zh' }) nameZh: string;
  @Column({ type: 'text', name: 'name_en' }) nameEn: string;
  @Column({ type: 'varchar' }) kind: DepartmentKind;
  @Column({ type: 'uuid', name: 'parent_id', nullable: true }) parentId: string | null;
  @Column({ type: 'varchar', name: 'region_code', nullable: true }) regionCode: string | null;
  @Column({ type: 'boolean' }) active: boolean;
}
