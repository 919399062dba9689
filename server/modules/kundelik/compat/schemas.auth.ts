import { object, STR, TEXT } from './schemas.common.js';

// ------------------------------------------------------------------------------------------------ §1.0 errors

/** Every v2 error: JSON `{type, description}` (several clients read only `type`). */
export const ErrorBody = object({ required: ['type', 'description'], properties: { type: TEXT, description: TEXT } });

// ------------------------------------------------------------------------------------------------ §1.1 auth

/** bycredentials 200: KEK reads accessToken and user; J2ME accessToken, refreshToken, user_str; TS port expiresIn. */
export const TokenResponse = object({
  required: ['accessToken', 'refreshToken', 'expiresIn', 'scope'],
  ids: ['user'],
  properties: {
    accessToken: { type: 'string', minLength: 16 },
    refreshToken: { type: 'string', minLength: 16 },
    expiresIn: { type: 'integer', minimum: 1 },
    scope: STR,
  },
});
