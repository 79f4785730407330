import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { UserEntity } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from './auth-user.js';

export interface LoginResult {
  accessToken: string;
  user: AuthUser;
}

@Injectable()
export class AuthService {
  /** Verified against when the username is unknown, so both failures take the same time. */
  private readonly decoyHash: Promise<string> = hash('decoy-password-for-timing');

  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const user = await this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username AND u.active', { username })
      .getOne();
    const ok = await verify(user?.passwordHash ?? (await this.decoyHash), password).catch(() => false);
    if (!user || !ok) throw new ApiError(401, 'INVALID_CREDENTIALS', '用户名或密码错误 / wrong username or password');
    const authUser: AuthUser = { id: user.id, username: user.username, role: user.role, departmentId: user.departmentId };
    const accessToken = await this.jwt.signAsync({ sub: user.id, username: user.username, role: user.role, dep: user.departmentId });
    return { accessToken, user: authUser };
  }
}
