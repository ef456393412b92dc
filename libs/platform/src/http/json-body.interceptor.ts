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
    // a POST without a body still says Content-Length: 0, often with no type: that is no body
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !request.is('application/json')) {
      throw new DomainError(ErrorCode.UnsupportedMediaType, 'The request body must be JSON (Content-Type: application/json)');
    }
    return next.handle();
  }
}
