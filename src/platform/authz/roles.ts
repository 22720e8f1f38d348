/** Roles in increasing order of trust. Each role can do everything the ones before it can. */
export const ROLES = ['reader', 'member', 'editor', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  reader: 'Reader',
  member: 'Member',
  editor: 'Editor',
  moderator: 'Moderator',
  admin: 'Administrator',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  reader: 'Can read and search, but not write.',
  member: 'Can write articles and edit the ones they started.',
  editor: 'Can also edit and revert anyone’s article.',
  moderator: 'Can also edit protected pages and protect or unprotect them.',
  admin: 'Can also change anyone’s role.',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function atLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
