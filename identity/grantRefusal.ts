/**
 * A token endpoint refusal as Keycloak answers it: HTTP status, `error` and `error_description`, so
 * scripts written against one provider work against the other.
 */
export interface GrantRefusal {
  ok: false;
  status: 400 | 401;
  error: 'invalid_request' | 'invalid_client' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_grant' | 'invalid_scope';
  description: string;
}

export function refuseGrant(status: GrantRefusal['status'], error: GrantRefusal['error'], description: string): GrantRefusal {
  return { ok: false, status, error, description };
}
