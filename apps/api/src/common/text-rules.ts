import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * Rejects control characters other than tab and newlines. Postgres cannot store U+0000 in text or
 * jsonb (it would surface as a 500), and the others have no business in a citizen's complaint.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function NoControlChars(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'noControlChars',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: ({ property }) => `不能包含控制字符 / ${property} must not contain control characters`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !CONTROL.test(value) },
    });
}

/** Requires at least one visible character (a complaint of only spaces is empty). */
export function HasVisibleText(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isNotEmpty',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: ({ property }) => `不能为空 / ${property} must not be empty or blank`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0 },
    });
}
