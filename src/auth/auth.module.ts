import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { BearerAuthenticator } from './bearer-authenticator.service';
import { JwtStrategy } from './jwt.strategy';
import { SigningKeyProvider } from './signing-key.provider';

/** Bearer-token verification (passport-jwt) for HTTP requests and WebSocket upgrades. */
@Module({
  imports: [PassportModule],
  providers: [SigningKeyProvider, JwtStrategy, BearerAuthenticator],
  exports: [BearerAuthenticator, SigningKeyProvider],
})
export class AuthModule {}
