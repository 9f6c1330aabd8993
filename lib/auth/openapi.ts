// Accounts, API tokens and next-auth's sign-in endpoints in the OpenAPI document.
import { z } from 'zod';
import { type Assert, AUTHENTICATED, type Equal, errors, json, type Paths } from '../openapi/common';
import { CreateTokenBody, ResendVerificationBody, SignUpBody, type UserInfo } from './schema';
import type { TokenInfo } from './tokens';
import type { SignUpResult } from './users';

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['user', 'admin']),
    tier: z.enum(['standard', 'vip']),
    created_at: z.string(),
  })
  .meta({ id: 'User' });
export type _UserMatches = Assert<Equal<z.infer<typeof User>, UserInfo>>;

const SignedUp = User.extend({
  verification: z.enum(['email_sent', 'not_required']).meta({
    description:
      '`email_sent` when this server sends mail (SMTP_URL): the account signs in with its password once the link mailed to it was followed. The same for an address that already has an account (its owner is mailed instead).',
  }),
}).meta({ id: 'SignedUp' });
export type _SignedUpMatches = Assert<Equal<z.infer<typeof SignedUp>, SignUpResult>>;

const Token = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ description: 'The first characters, to recognise it', example: 'sp_k3J9xQ2' }),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'Token' });
export type _TokenMatches = Assert<Equal<z.infer<typeof Token>, TokenInfo>>;

const NewToken = Token.extend({
  token: z.string().meta({ description: 'The secret, shown only in this answer' }),
}).meta({ id: 'NewToken' });

const tokenIdParam = z.object({ id: z.string().meta({ description: 'The token id (a UUID)' }) });

/** next-auth's endpoints answer a browser: JSON for reads, redirects (or {url} for fetch) for actions. */
const NextAuthUrl = z.object({ url: z.string() }).meta({ id: 'NextAuthUrl' });
const nextAuthRedirect = {
  '200': json(NextAuthUrl, 'For a fetch with JSON accepted: where to go'),
  '302': { description: 'Redirect to the page the flow continues on (an `error` query parameter on failure)' },
  ...errors(429),
};
const nextAuthTags = ['sign-in (next-auth)'];
const providerParam = { path: z.object({ provider: z.string().meta({ example: 'credentials' }) }) };
const form = (schema: z.ZodType) => ({ content: { 'application/x-www-form-urlencoded': { schema } } });

export const authPaths: Paths = {
  '/api/users': {
    post: {
      operationId: 'signUp',
      summary: 'Create an account',
      tags: ['accounts'],
      security: [],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: SignUpBody,
            example: { email: 'writer@example.com', password: 'correct horse battery' },
          },
        },
      },
      responses: {
        '201': json(SignedUp, 'The new user'),
        ...errors(400, 413, 415, 422),
        '403': { ...errors(403)['403'], description: 'Sign-up is switched off (ALLOW_SIGNUP=false)' },
        '429': {
          ...errors(429)['429'],
          description:
            'Too many sign-ups from this address (SIGNUP_PER_IP_PER_HOUR). An email that already has an account gets the same 201 as a new one, and that account is left untouched.',
        },
      },
    },
  },
  '/api/users/verification': {
    get: {
      operationId: 'confirmEmail',
      summary: 'Follow a verification link',
      description:
        'The link mailed at sign-up (valid 24 hours, once). Marks the address verified and signs nobody in; answers with a redirect to the page that says how it went.',
      tags: ['accounts'],
      security: [],
      requestParams: { query: z.object({ token: z.string().meta({ description: 'From the mailed link' }) }) },
      responses: {
        '303': {
          description:
            'To `/verify-email?result=verified`, `already_verified` (a used link of a verified account) or `invalid` (unknown, used or expired)',
        },
        ...errors(400),
      },
    },
    post: {
      operationId: 'resendVerification',
      summary: 'Send the verification link again',
      description:
        'Answers 202 whether or not the address has an account; a link goes out only to an unverified account, at most 3 account mails an hour per address.',
      tags: ['accounts'],
      security: [],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ResendVerificationBody, example: { email: 'writer@example.com' } } },
      },
      responses: {
        '202': json(z.object({ status: z.literal('queued') }), 'Accepted (the same for any address)'),
        ...errors(400, 413, 415),
        '422': {
          ...errors(422)['422'],
          description: 'Invalid body, or this server cannot send mail (`mail_unavailable`)',
        },
        '429': { ...errors(429)['429'], description: 'Too many requests from this client address' },
      },
    },
  },
  '/api/tokens': {
    post: {
      operationId: 'createToken',
      summary: 'Create an API token',
      description:
        'With a session cookie send `{name}`; without one send `{email, password, name}`. The secret is shown once.',
      tags: ['accounts'],
      security: [...AUTHENTICATED, {}],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: CreateTokenBody,
            example: { email: 'writer@example.com', password: 'correct horse battery', name: 'cli' },
          },
        },
      },
      responses: {
        '201': json(NewToken, 'The token, with its secret'),
        ...errors(400, 401, 413, 415, 422),
        '403': {
          ...errors(403)['403'],
          description:
            'A cookie-authenticated request sent from another site or origin, or the right password of an account whose address is not verified yet (`email_not_verified`)',
        },
        '429': { ...errors(429)['429'], description: 'Too many failed sign-ins for this email or address' },
      },
    },
    get: {
      operationId: 'listTokens',
      summary: "The caller's tokens, without secrets",
      tags: ['accounts'],
      security: AUTHENTICATED,
      responses: { '200': json(z.object({ tokens: z.array(Token) }), 'Newest first'), ...errors(401) },
    },
  },
  '/api/tokens/{id}': {
    delete: {
      operationId: 'revokeToken',
      summary: 'Revoke a token',
      tags: ['accounts'],
      security: AUTHENTICATED,
      requestParams: { path: tokenIdParam },
      responses: { '204': { description: 'Revoked (also when it already was)' }, ...errors(401, 404) },
    },
  },
  '/api/auth/csrf': {
    get: {
      operationId: 'authCsrf',
      summary: 'A CSRF token for the sign-in form (next-auth)',
      tags: nextAuthTags,
      security: [],
      responses: { '200': json(z.object({ csrfToken: z.string() }), 'The token; a cookie is set beside it') },
    },
  },
  '/api/auth/session': {
    get: {
      operationId: 'authSession',
      summary: 'The current session (next-auth)',
      tags: nextAuthTags,
      security: [],
      responses: {
        '200': json(
          z.object({
            user: z
              .object({
                id: z.string(),
                email: z.string(),
                name: z.string().nullable(),
                role: z.string(),
                tier: z.string(),
                image: z.string().nullable(),
              })
              .partial()
              .optional(),
            expires: z.string().optional(),
          }),
          'The session, or `{}` when signed out',
        ),
      },
    },
  },
  '/api/auth/providers': {
    get: {
      operationId: 'authProviders',
      summary: 'Enabled sign-in providers (next-auth)',
      tags: nextAuthTags,
      security: [],
      responses: {
        '200': json(
          z.record(z.string(), z.object({ id: z.string(), name: z.string(), type: z.string() }).passthrough()),
          'By id',
        ),
      },
    },
  },
  '/api/auth/signin/{provider}': {
    post: {
      operationId: 'authSignIn',
      summary: 'Start an external sign-in (GitHub, OIDC) (next-auth)',
      tags: nextAuthTags,
      security: [],
      requestParams: providerParam,
      requestBody: form(z.object({ csrfToken: z.string(), callbackUrl: z.string().optional() })),
      responses: nextAuthRedirect,
    },
  },
  '/api/auth/callback/{provider}': {
    post: {
      operationId: 'authCallback',
      summary: 'Sign in with email and password (`credentials`) or finish an external sign-in (next-auth)',
      description: 'Failed password sign-ins are limited per email and per client address (LOGIN_MAX_FAILURES*).',
      tags: nextAuthTags,
      security: [],
      requestParams: providerParam,
      requestBody: form(
        z.object({
          csrfToken: z.string(),
          email: z.string().optional(),
          password: z.string().optional(),
          json: z.string().optional(),
        }),
      ),
      responses: {
        ...nextAuthRedirect,
        '401': json(
          NextAuthUrl,
          "Refused (wrong password, or locked): next-auth's own body, the sign-in page with `error`",
        ),
      },
    },
    get: {
      operationId: 'authCallbackGet',
      summary: "An external provider's redirect back (next-auth)",
      tags: nextAuthTags,
      security: [],
      requestParams: providerParam,
      responses: nextAuthRedirect,
    },
  },
  '/api/auth/signout': {
    post: {
      operationId: 'authSignOut',
      summary: 'Sign out (next-auth)',
      tags: nextAuthTags,
      security: [],
      requestBody: form(z.object({ csrfToken: z.string() })),
      responses: nextAuthRedirect,
    },
  },
};
