import type { Scope } from '../store/db.js';

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

/**
 * Account and region from the SigV4 credential scope
 * (`Credential=AKID/20261127/us-east-1/elasticache/aws4_request`), or from the
 * presigned query form (`X-Amz-Credential`). Signatures are not verified: a
 * 12-digit access key id is taken as the account, anything else maps to the
 * default account.
 */
export function scopeFromCredential(authorization: string | undefined, queryCredential?: string | null): Scope {
  const credential =
    (authorization ? /Credential=([^,\s]+)/.exec(authorization)?.[1] : undefined) ?? queryCredential ?? undefined;
  if (!credential) return { account: DEFAULT_ACCOUNT, region: DEFAULT_REGION };
  const [accessKeyId = '', , region] = credential.split('/');
  return {
    account: /^\d{12}$/.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT,
    region: region && /^[a-z0-9-]+$/.test(region) ? region : DEFAULT_REGION,
  };
}
