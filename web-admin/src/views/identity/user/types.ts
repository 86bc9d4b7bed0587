import type { RolesQuery, UsersQuery } from '@/graphql/generated';

export type UserRow = UsersQuery['users']['items'][number];
export type RoleRow = RolesQuery['roles'][number];

export interface UserFilters {
  keyword: string;
  orgId: string;
}

/** What the create dialog is opened with. */
export interface UserFormProps {
  /** Roles the user may be given (the system administrator: business roles only). */
  roles: readonly RoleRow[];
}

export interface UserFormModel {
  username: string;
  displayName: string;
  orgId: string;
  roles: string[];
}

/** A password shown once: after creating a user or resetting theirs. */
export interface OneTimePasswordProps {
  title: string;
  username: string;
  displayName: string;
  password: string;
}
