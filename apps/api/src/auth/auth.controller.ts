import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Public } from './auth-user.js';
import { AuthService, type LoginResult } from './auth.service.js';
import { LoginDto } from './login.dto.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** POST /api/v1/auth/login → {accessToken, user}; wrong credentials → 401. */
  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<LoginResult> {
    return this.auth.login(dto.username, dto.password);
  }
}
