import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, IllegalTransitionError } from '@hotline/domain';
import type { ErrorBody } from './api-error.js';

/** Fastify's own client errors (body parsing), by code: status and a message naming the problem. */
const FASTIFY_ERRORS: Record<string, { status: number; field: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, field: 'body', message: '请求体不是合法的 JSON / body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, field: 'body', message: '请求体为空 / body must not be empty when content-type is JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, field: 'body', message: '请求体过大 / body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, field: 'content-type', message: '不支持的内容类型，请使用 application/json / unsupported media type, use application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, field: 'content-length', message: 'Content-Length 与请求体不符 / content-length does not match the body' },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, field: 'content-type', message: '内容类型无效 / invalid content-type' },
};

/**
 * The one place errors become HTTP responses in the contract's shape. Domain errors map to 409/422,
 * client mistakes to 4xx naming the field, and anything unexpected to a bare 500 without internals
 * (the stack goes to the log, never to the client).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error({ reqId: request?.id, err: exception }, (exception as Error)?.stack ?? String(exception));
    if (body.statusCode === 429) void reply.header('Retry-After', '60');
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    // Nest wraps Fastify's own 4xx errors (body parsing) in an HttpException with the original as cause.
    const fastifyCode = (exception as { cause?: { code?: string } })?.cause?.code ?? (exception as { code?: string })?.code;
    const known = fastifyCode ? FASTIFY_ERRORS[fastifyCode] : undefined;
    if (known) {
      return { statusCode: known.status, error: reason(known.status), code: fastifyCode, message: known.message, details: [{ field: known.field, message: known.message }] };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'object' && res !== null && 'details' in res) return res as ErrorBody;
      const message = typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? exception.message);
      return { statusCode: status, error: reason(status), message: this.humanise(status, message), details: [] };
    }
    if (exception instanceof IllegalTransitionError) {
      const e = exception as IllegalTransitionError;
      return { statusCode: 409, error: 'Conflict', code: e.code, message: e.message, details: [{ field: 'status', message: `current status: ${e.currentStatus}; allowed: ${e.allowedActions.join(', ') || 'none'}` }] };
    }
    if (exception instanceof DomainError) {
      const e = exception as DomainError;
      return { statusCode: 422, error: 'Unprocessable Entity', code: e.code, message: e.message, details: [] };
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return { statusCode: fastifyStatus, error: reason(fastifyStatus), code: fastifyCode, message: String((exception as Error).message), details: [] };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: '服务器内部错误 / internal server error', details: [] };
  }

  private humanise(status: number, message: string): string {
    if (status === 404 && message.startsWith('Cannot ')) return `接口不存在 / ${message}`;
    return message;
  }
}

/** The standard reason phrase ("Bad Request"), as the contract's `error` field. */
export function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
