import { describe, expect, it } from '@jest/globals';
import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { DomainError, ErrorCode, HTTP_STATUS_BY_CODE } from '../domain/domain-error.js';
import { toErrorResponse } from './exception.filter.js';

/** What Express' body parser (http-errors) passes to next(): a plain Error with type and status. */
function bodyParserError(type: string, status: number, message: string): Error {
  return Object.assign(new Error(message), { type, status, statusCode: status, expose: status < 500 });
}

const GENERIC_500 = { code: 'internal_error', message: expect.stringMatching(/correlation id/) };

describe('toErrorResponse', () => {
  it.each([
    [ErrorCode.ValidationFailed, 400],
    [ErrorCode.MalformedRequest, 400],
    [ErrorCode.Unauthenticated, 401],
    [ErrorCode.Forbidden, 403],
    [ErrorCode.NotFound, 404],
    [ErrorCode.Conflict, 409],
    [ErrorCode.StaleVersion, 409],
    [ErrorCode.PayloadTooLarge, 413],
    [ErrorCode.TooManyRequests, 429],
    [ErrorCode.Unavailable, 503],
    [ErrorCode.Internal, 500],
  ])('maps DomainError %s to %i and keeps its code and message', (code, status) => {
    expect(toErrorResponse(new DomainError(code, 'what happened'))).toEqual({
      status,
      body: { error: { code, message: 'what happened', details: undefined } },
    });
  });

  it('has a status for every error code', () => {
    for (const code of Object.values(ErrorCode)) expect(HTTP_STATUS_BY_CODE[code]).toEqual(expect.any(Number));
  });

  it('passes field problems of a validation error on as details', () => {
    const { status, body } = toErrorResponse(DomainError.validation([{ field: 'rows[3].freePlaces', message: 'must be at least 0' }]));
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: 'validation_failed',
      message: 'Invalid input: rows[3].freePlaces',
      details: { fields: [{ field: 'rows[3].freePlaces', message: 'must be at least 0' }] },
    });
  });

  it('uses the helpers\' codes: notFound and forbidden', () => {
    expect(toErrorResponse(DomainError.notFound('Case'))).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'Case not found' } } });
    expect(toErrorResponse(DomainError.forbidden())).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  });

  it.each([
    [new NotFoundException('Cannot GET /api/nowhere'), 404, 'not_found', 'Cannot GET /api/nowhere'],
    [new UnauthorizedException(), 401, 'unauthenticated', 'Unauthorized'],
    [new ForbiddenException('no'), 403, 'forbidden', 'no'],
    [new PayloadTooLargeException(), 413, 'payload_too_large', 'Payload Too Large'],
    [new HttpException('slow down', 429), 429, 'too_many_requests', 'slow down'],
    [new HttpException('I am a teapot', 418), 418, 'malformed_request', 'I am a teapot'],
  ])('maps %p to its status with the uniform code', (exception, status, code, message) => {
    expect(toErrorResponse(exception)).toEqual({ status, body: { error: { code, message } } });
  });

  it('reads the message of an HttpException whose response is an object, and falls back when it is not a string', () => {
    expect(toErrorResponse(new HttpException({ message: 'object message' }, 400)).body.error.message).toBe('object message');
    // Nest's own ValidationPipe answers with a message array; the exception's summary is used instead
    const arrayMessage = new BadRequestException(['a must be a string', 'b must be a number']);
    expect(toErrorResponse(arrayMessage)).toEqual({ status: 400, body: { error: { code: 'malformed_request', message: 'Bad Request Exception' } } });
  });

  it('maps a 5xx HttpException to internal_error, and 503 to unavailable', () => {
    expect(toErrorResponse(new HttpException('bad gateway', 502))).toEqual({ status: 502, body: { error: GENERIC_500 } });
    expect(toErrorResponse(new ServiceUnavailableException('search cluster meili-0 is down'))).toEqual({
      status: 503,
      body: { error: { code: 'unavailable', message: expect.stringMatching(/temporarily unavailable/) } },
    });
  });

  it('does not echo the message of a server-side HttpException', () => {
    const secret = 'connect ECONNREFUSED db-primary.internal:5432 user=passend_app';
    const { status, body } = toErrorResponse(new InternalServerErrorException(secret));
    expect(status).toBe(500);
    expect(body).toEqual({ error: GENERIC_500 });
    expect(JSON.stringify(body)).not.toContain('db-primary');
  });

  it('maps a body that is not JSON to 400 malformed_request without the parser\'s message', () => {
    const error = bodyParserError('entity.parse.failed', 400, 'Unexpected token } in JSON at position 12');
    expect(toErrorResponse(error)).toEqual({
      status: 400,
      body: { error: { code: 'malformed_request', message: 'The request body is not valid JSON' } },
    });
  });

  it('does the same when Nest\'s Express adapter has wrapped the parser error in an HttpException', () => {
    // what ExpressAdapter.mapException makes of it: the parser's message, which quotes the body, and the original as cause
    const parserError = bodyParserError('entity.parse.failed', 400, 'Unexpected token \'x\', "{"password": "hunter2" x}" is not valid JSON');
    const wrapped = new BadRequestException(parserError.message, { cause: parserError });
    expect(toErrorResponse(wrapped)).toEqual({
      status: 400,
      body: { error: { code: 'malformed_request', message: 'The request body is not valid JSON' } },
    });
    const tooLarge = bodyParserError('entity.too.large', 413, 'request entity too large');
    expect(toErrorResponse(new HttpException(tooLarge.message, 413, { cause: tooLarge }))).toEqual({
      status: 413,
      body: { error: { code: 'payload_too_large', message: 'The request body is too large' } },
    });
  });

  it('maps a body over the limit to 413 payload_too_large', () => {
    expect(toErrorResponse(bodyParserError('entity.too.large', 413, 'request entity too large'))).toEqual({
      status: 413,
      body: { error: { code: 'payload_too_large', message: 'The request body is too large' } },
    });
  });

  it('keeps the status of other body parser refusals, with a generic message', () => {
    expect(toErrorResponse(bodyParserError('encoding.unsupported', 415, 'unsupported charset "KOI8-R"'))).toEqual({
      status: 415,
      body: { error: { code: 'unsupported_media_type', message: 'The request body could not be read' } },
    });
    expect(toErrorResponse(bodyParserError('request.aborted', 400, 'request aborted')).status).toBe(400);
  });

  it('turns a body parser error with a server status into a generic 500', () => {
    expect(toErrorResponse(bodyParserError('stream.not.readable', 500, 'stream is not readable'))).toEqual({ status: 500, body: { error: GENERIC_500 } });
  });

  it.each([
    ['a statement timeout', '57014'],
    ['a lock timeout', '55P03'],
    ['a serialization failure', '40001'],
    ['a deadlock', '40P01'],
  ])('answers %s of the database with 503 and a retry hint, not 500, and without the driver\'s message', (_, code) => {
    const driverError = Object.assign(new Error('canceling statement due to lock timeout while reading "Sanne"'), { code });
    const queryFailed = Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });
    for (const error of [queryFailed, driverError]) {
      const { status, body } = toErrorResponse(error);
      expect(status).toBe(503);
      expect(body.error).toMatchObject({ code: 'unavailable', details: { retryAfterSeconds: 1 } });
      expect(JSON.stringify(body)).not.toContain('Sanne');
    }
  });

  it.each([
    ['refused (PostgreSQL down)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111 })],
    ['reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['terminated by node-postgres', new Error('Connection terminated unexpectedly')],
    ['terminated by the pool\'s connect timeout', new Error('timeout exceeded when trying to connect')],
    ['shut down by the administrator (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['refused while starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a connection-class SQLSTATE (08006)', Object.assign(new Error('connection failure'), { code: '08006' })],
  ])('answers a lost database connection, %s, with 503 unavailable and a retry hint, also wrapped by TypeORM', (_, driverError) => {
    const queryFailed = Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });
    for (const error of [driverError, queryFailed]) {
      const { status, body } = toErrorResponse(error);
      expect(status).toBe(503);
      expect(body.error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/temporarily unavailable/), details: { retryAfterSeconds: 5 } });
      expect(JSON.stringify(body)).not.toContain('127.0.0.1');
    }
  });

  it('keeps other database errors at 500', () => {
    const driverError = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(toErrorResponse(Object.assign(new Error('duplicate key'), { driverError })).status).toBe(500);
  });

  it('turns an unknown error into 500 with a generic message that does not contain the original one', () => {
    const original = 'duplicate key value violates unique constraint "user_email_uq": Key (email)=(sanne@example.nl)';
    const { status, body } = toErrorResponse(new Error(original));
    expect(status).toBe(500);
    expect(body).toEqual({ error: GENERIC_500 });
    expect(JSON.stringify(body)).not.toContain('sanne@example.nl');
    expect(JSON.stringify(body)).not.toContain('duplicate key');
  });

  it.each([
    ['a string', 'boom: secret-token-123'],
    ['undefined', undefined],
    ['null', null],
    ['a plain object', { message: 'secret-token-123', status: 404 }],
    ['an object with a string status', { type: 'entity.too.large', status: '413', message: 'secret-token-123' }],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'secret-token-123')")],
  ])('turns %s thrown as an error into a generic 500', (_, thrown) => {
    const { status, body } = toErrorResponse(thrown);
    expect(status).toBe(500);
    expect(body).toEqual({ error: GENERIC_500 });
    expect(JSON.stringify(body)).not.toContain('secret-token-123');
  });
});
