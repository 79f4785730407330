import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller.js';
import { PoliciesController } from './policies.controller.js';

@Module({ controllers: [CalendarController, PoliciesController] })
export class TimeModule {}
