export { authOptions } from './options';
export { enabledProviders, type ProviderInfo } from './providers';
export { currentActor, optionalUser, requireAdmin, requirePrometheus, requireUser } from './require-user';
export { changeUser, listUsers, ROLES, TIERS } from './roles';
export { CreateTokenBody, ResendVerificationBody, SignUpBody } from './schema';
export { createToken, listTokens, revokeToken } from './tokens';
export { invalidCredentials, requestIp, type SignUpResult, signUp, signupAllowed, verifyCredentials } from './users';
export {
  type ConfirmResult,
  confirmEmail,
  resendVerification,
  TOKEN_PATTERN,
  verificationEnabled,
} from './verification';
