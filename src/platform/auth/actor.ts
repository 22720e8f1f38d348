import type { Role } from '../authz/roles';

/** Who is making the request, as every feature sees them. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  email: string;
  role: Role;
  /** False until the owner confirms the address from the link mailed at sign-up (missing: not known, e.g. in tests). */
  emailVerified?: boolean;
}
