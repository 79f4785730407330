import { Module } from '@nestjs/common';
import { CategoriesController } from './categories.controller.js';
import { RegionsController } from './regions.controller.js';

@Module({ controllers: [RegionsController, CategoriesController] })
export class CatalogueModule {}
