import { Controller, Get, Ip, Param, Query } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { Public } from '../auth/auth-user.js';
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
}
