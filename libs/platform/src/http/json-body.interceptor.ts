import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { DomainError, ErrorCode } from '../domain/domain-error.js';

/**
 * A request whose body is not JSON is refused with 415. Only JSON bodies are parsed, so another
 * content type left the body empty: a route whose fields are all optional then answered 200
 * having changed nothing the client sent (found by the fuzz: PATCH with text/json or
 * application/xml).
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    // null: no body at all; false: a body of another type
    if (request.is?.('application/json') === false) {
      throw new DomainError(ErrorCode.UnsupportedMediaType, 'The request body must be JSON (Content-Type: application/json)');
    }
    return next.handle();
  }
}
