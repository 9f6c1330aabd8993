export { authOptions } from './options';
export { enabledProviders, type ProviderInfo } from './providers';
export { currentActor, requireAdmin, requirePrometheus, requireUser } from './require-user';
export { changeUser, listUsers, ROLES, TIERS } from './roles';
export { CreateTokenBody, SignUpBody } from './schema';
export { createToken, listTokens, revokeToken } from './tokens';
export { invalidCredentials, signUp, signupAllowed, verifyCredentials } from './users';
