import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { errorResponse } from '../../protocol/json-rpc-frame';
import { ErrorCode } from '../../protocol/mcp-error';
import { HostPolicy } from '../host-policy';

/** Refuses `/mcp` requests with a foreign Host or Origin (DNS rebinding) with 403, before auth. */
@Injectable()
export class HostGuard implements CanActivate {
  constructor(private readonly policy: HostPolicy) {}

  canActivate(context: ExecutionContext): boolean {
    const reason = this.policy.check(context.switchToHttp().getRequest<Request>().headers);
    if (reason) throw new HttpException(errorResponse(null, ErrorCode.InvalidRequest, `Forbidden: ${reason}`), HttpStatus.FORBIDDEN);
    return true;
  }
}
