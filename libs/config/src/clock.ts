/**
 * The source of "now" for services. Domain rules take `now` as a parameter; services read it from
 * this injectable so tests can pin time instead of sleeping (house style rule 9).
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
