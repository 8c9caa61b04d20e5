import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

declare global {
  namespace Express {
    interface Request {
      /** The id of this request: the caller's `Request-Id` when it is safe to echo, otherwise a new UUID. */
      requestId: string;
    }
  }
}

/** Gives every request an id, answers it in `Request-Id`, so that a partner can quote it to support. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get('Request-Id');
  req.requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('Request-Id', req.requestId);
  next();
}
