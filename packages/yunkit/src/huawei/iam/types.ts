/** IAM (Keystone v3) wire shapes. */

export interface ListProjectsQuery {
  domain_id?: string;
  name?: string;
  parent_id?: string;
  enabled?: boolean;
  is_domain?: boolean;
  /** 1-based page number. */
  page?: number;
  per_page?: number;
}

export interface Project {
  id: string;
  name: string;
  domain_id?: string;
  parent_id?: string;
  enabled?: boolean;
  is_domain?: boolean;
  description?: string;
  links?: { self?: string };
  [key: string]: unknown;
}

export interface KeystoneLinks {
  self?: string;
  previous?: string | null;
  next?: string | null;
}

export interface ListProjectsResponse {
  links?: KeystoneLinks;
  projects: Project[];
}

export interface Region {
  id: string;
  type?: string;
  description?: string;
  parent_region_id?: string | null;
  locales?: Record<string, string>;
  links?: { self?: string };
  [key: string]: unknown;
}

export interface ListRegionsResponse {
  links?: KeystoneLinks;
  regions: Region[];
}

export interface Domain {
  id: string;
  name: string;
  enabled?: boolean;
  description?: string;
  [key: string]: unknown;
}

export interface PasswordTokenRequest {
  /** IAM user name. */
  user: string;
  password: string;
  /** Account (domain) name the user belongs to. */
  domain: string;
  /** What the token is scoped to; project scope is what regional services need. */
  scope?: { project: { name: string } | { id: string } } | { domain: { name: string } | { id: string } };
  /** Leave the service catalog out of the response (`?nocatalog=true`). */
  nocatalog?: boolean;
}

export interface TokenBody {
  expires_at: string;
  issued_at?: string;
  methods?: string[];
  catalog?: unknown[];
  domain?: { id: string; name: string };
  project?: { id: string; name: string; domain?: { id: string; name: string } };
  roles?: Array<{ id: string; name: string }>;
  user?: { id: string; name: string; domain?: { id: string; name: string }; [key: string]: unknown };
  [key: string]: unknown;
}

export interface PasswordTokenResponse {
  /** The token itself, from the `X-Subject-Token` response header (the SDK's field name). */
  'X-Subject-Token': string;
  token: TokenBody;
}

export interface TemporaryCredential {
  access: string;
  secret: string;
  securitytoken: string;
  expires_at: string;
}

export interface CreateTemporaryAccessKeyResponse {
  credential: TemporaryCredential;
}
