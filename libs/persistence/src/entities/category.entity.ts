import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 诉求分类 catalogue entry; codes are stable API values. */
@Entity('categories')
export class CategoryEntity {
  @PrimaryColumn({ type: 'varchar' }) code: string;
  @Column({ type: 'varchar', name: 'parent_code', nullable: true }) parentCode: string | null;
  @Column({ type: 'text', name: 'name_zh' }) nameZh: string;
  @Column({ type: 'text', name: 'name_en' }) nameEn: string;
  @Column({ type: 'boolean' }) territorial: boolean;
  @Column({ type: 'varchar', name: 'owner_department_code', nullable: true }) ownerDepartmentCode: string | null;
  @Column({ type: 'boolean' }) active: boolean;
}
