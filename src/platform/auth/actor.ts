import type { Role } from '../authz/roles';

/** Who is making the request, as every feature sees them. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  email: string;
  role: Role;
}
