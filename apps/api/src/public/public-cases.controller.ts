import { Body, Controller, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { Public } from '../auth/auth-user.js';
import { CallbackDto } from '../cases/clock.dto.js';
import { PublicCasesService } from './public-cases.service.js';

export class VerifyQuery {
  @IsString()
  @Matches(/^\d{4}$/, { message: 'verify 必须是手机号后四位数字 / must be the last 4 digits of the phone number' })
  verify: string;
}

@Public()
@Controller('public/cases')
export class PublicCasesController {
  constructor(private readonly service: PublicCasesService) {}

  /** A citizen's status check: tracking code + last 4 phone digits; no PII in the answer. */
  @Get(':trackingCode')
  status(@Param('trackingCode') code: string, @Query() q: VerifyQuery, @Ip() ip: string) {
    return this.service.status(code.slice(0, 64), q.verify, ip);
  }

  /** The citizen rates the answer (满意/基本满意 → closed; 不满意 → 重办). */
  @Post(':trackingCode/rating')
  @HttpCode(200)
  rate(@Param('trackingCode') code: string, @Query() q: VerifyQuery, @Body() dto: CallbackDto, @Ip() ip: string) {
    return this.service.rate(code.slice(0, 64), q.verify, ip, dto);
  }
}
