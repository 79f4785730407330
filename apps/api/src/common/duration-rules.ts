import { applyDecorators } from '@nestjs/common';
import { IsIn, IsNumber, Max, Min } from 'class-validator';
import { MAX_DURATION_AMOUNT, TIME_UNITS } from '@hotline/domain';

/**
 * `amount` of a time limit ({amount, unit}): a positive number. The per-unit bounds (whole days, about
 * ten years at most) are the domain's, checked by assertValidDuration where the unit is known.
 */
export const DurationAmount = (): PropertyDecorator =>
  applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'amount 必须是数字 / must be a number' }),
    Min(0.001, { message: 'amount 必须大于 0 / must be greater than 0' }),
    Max(MAX_DURATION_AMOUNT.minutes),
  );

/** `unit` of a time limit: minutes, hours, working_days or calendar_days. */
export const DurationUnit = (): PropertyDecorator => IsIn(TIME_UNITS, { message: `unit 必须是以下之一 / must be one of: ${TIME_UNITS.join(', ')}` });
