// What identity commands need to know from the read side (implemented in
// projections/identity/identity-directory.ts, wired in api/platform.ts).
import type { Duty } from '../../domain/identity/roles';

/** A user as the read model holds it (the login decision and the session need these fields). */
export interface DirectoryUser {
  id: string;
  username: string;
  display_name: string;
  org_id: string;
  roles: string[];
}

export interface IdentityDirectory {
  userByName(username: string): Promise<DirectoryUser | undefined>;
  userById(userId: string): Promise<DirectoryUser | undefined>;
  /** Whether any of these roles requires a second factor. */
  anyRequiresSecondFactor(roles: readonly string[]): Promise<boolean>;
  /** Duties of the named roles that exist (unknown names are absent). */
  roleDuties(names: readonly string[]): Promise<Record<string, Duty>>;
}
