import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type Role } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import { IS_PUBLIC, ROLES_KEY, type AuthUser } from './auth-user.js';

interface TokenClaims { sub: string; username: string; role: Role; dep: string | null }

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); @Roles() narrows it.
 * Missing/invalid token → 401, wrong role → 403 (api-contract.md, Auth).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录 / missing bearer token');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1], { algorithms: ['HS256'] });
    } catch {
      throw new ApiError(401, 'UNAUTHENTICATED', '登录已失效，请重新登录 / invalid or expired token');
    }
    if (!ROLES.includes(claims.role)) throw new ApiError(401, 'UNAUTHENTICATED', '令牌无效 / invalid token');
    request.user = { id: claims.sub, username: claims.username, role: claims.role, departmentId: claims.dep };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(claims.role)) {
      throw new ApiError(403, 'FORBIDDEN', `角色无权执行此操作 / role "${claims.role}" may not do this; allowed: ${roles.join(', ')}`);
    }
    return true;
  }
}
