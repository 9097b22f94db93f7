import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { JSONRPCErrorResponse } from '@modelcontextprotocol/server';
import type { Request } from 'express';
import { errorResponse } from '../../protocol/json-rpc-frame';
import { ErrorCode } from '../../protocol/mcp-error';
import { HostPolicy } from '../host-policy';

/** The 403 body for a request with a foreign Host or Origin. */
export function hostRefusal(reason: string): JSONRPCErrorResponse {
  return errorResponse(null, ErrorCode.InvalidRequest, `Forbidden: ${reason}`);
}

/** Refuses `/mcp` requests with a foreign Host or Origin (DNS rebinding) with 403, before auth. */
@Injectable()
export class HostGuard implements CanActivate {
  constructor(private readonly policy: HostPolicy) {}

  canActivate(context: ExecutionContext): boolean {
    const reason = this.policy.check(context.switchToHttp().getRequest<Request>().headers);
    if (reason) throw new HttpException(hostRefusal(reason), HttpStatus.FORBIDDEN);
    return true;
  }
}
