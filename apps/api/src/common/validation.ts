import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ApiError, type FieldProblem } from './api-error.js';

/** Chinese words for the validation rules people meet most, prefixed to class-validator's English. */
const RULE_ZH: Record<string, string> = {
  isNotEmpty: '不能为空',
  isDefined: '必填',
  isString: '必须是文本',
  isBoolean: '必须是布尔值 true/false',
  isInt: '必须是整数',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  maxLength: '过长',
  minLength: '过短',
  matches: '格式不正确',
  whitelistValidation: '不允许的字段',
  isUuid: '必须是 UUID',
  isArray: '必须是数组',
  arrayMaxSize: '元素过多',
  min: '过小',
  max: '过大',
  isObject: '必须是对象',
  nestedValidation: '必须是对象',
};

/** Flattens nested class-validator errors into `{field: "petitioner.phone", message}` rows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, text] of Object.entries(e.constraints ?? {})) {
      const zh = RULE_ZH[rule];
      // class-validator says "property x should not exist"; name the full path instead.
      const english = rule === 'whitelistValidation' ? `${field} is not an allowed field` : text.replace(new RegExp(`^${e.property}\\b`), field);
      out.push({ field, rule, message: zh && !/[\u4e00-\u9fff]/.test(text) ? `${zh} / ${english}` : english });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * ValidationPipe that first insists a body is a JSON object: an array or a bare scalar would otherwise
 * be validated key by key ("0 is not an allowed field"), which names no field a person would recognise.
 */
class ObjectBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw ApiError.badRequest('body', '请求体必须是 JSON 对象 / the body must be a JSON object', 'isObject');
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe: whitelist + forbidNonWhitelisted + transform, errors in the contract shape. */
export function createValidationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const summary = details.slice(0, 3).map((d) => `${d.field}: ${d.message}`).join('; ');
      return new ApiError(400, 'VALIDATION_FAILED', `请求参数有误 / invalid request — ${summary}`, details);
    },
  });
}
