import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';

/** One problem with one input field, as the contract's `details` lists it. */
export interface FieldProblem {
  field: string;
  message: string;
  /** The validation rule that failed (e.g. `isNotEmpty`, `maxLength`). */
  rule?: string;
}

/** The contract's error body: {statusCode, error, message, details}. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  /** The error code, stable for clients (e.g. ILLEGAL_TRANSITION). */
  code?: string;
  message: string;
  details: FieldProblem[];
}

/**
 * An HTTP error that already has the contract's shape. Messages a person reads are Chinese first,
 * then English (house style rule 7).
 */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string, details: FieldProblem[] = []) {
    super({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', code, message, details } satisfies ErrorBody, status);
  }

  static badRequest(field: string, message: string, rule?: string): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `${field}: ${message}`, [{ field, message, rule }]);
  }

  static notFound(what = '记录不存在 / not found'): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', what);
  }

  static forbidden(message = '无权访问 / forbidden'): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
  }

  static conflict(code: string, message: string): ApiError {
    return new ApiError(HttpStatus.CONFLICT, code, message);
  }
}
