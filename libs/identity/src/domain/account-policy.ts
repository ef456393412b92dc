import { definePolicy, hasRole } from './policy.js';

/** Who may act on a user account as a whole: the platform's administrators. */
export const accountPolicy = definePolicy<Record<string, never>, 'revoke_sessions' | 'deactivate'>('user', {
  revoke_sessions: hasRole('admin'),
  deactivate: hasRole('admin'),
});
