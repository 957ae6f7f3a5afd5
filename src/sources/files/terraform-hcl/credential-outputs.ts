// Attributes through which Terraform resources and data sources hand over a credential: whatever
// reads them (a container's environment, a log option) receives the secret itself, in plaintext
// once applied. The same idea as CloudFormation's credential outputs (cfn-intrinsics.ts).
import { credential } from '../../../inventory/computed.js';
import type { JsonObject } from '../../../util/json.js';

/** Resource type -> attribute -> what the attribute holds. */
const MANAGED = new Map<string, Map<string, string>>([
  ['random_password', new Map([['result', 'generated password'], ['bcrypt_hash', 'password hash']])],
  ['aws_iam_access_key', new Map([['secret', 'secret access key'], ['ses_smtp_password_v4', 'SMTP password']])],
  ['aws_iam_user_login_profile', new Map([['password', 'console password']])],
  ['aws_iam_service_specific_credential', new Map([['service_password', 'service password']])],
  ['aws_db_instance', new Map([['password', 'master password']])],
  ['aws_rds_cluster', new Map([['master_password', 'master password']])],
  ['aws_docdb_cluster', new Map([['master_password', 'master password']])],
  ['aws_neptune_cluster', new Map([['master_password', 'master password']])],
  ['aws_redshift_cluster', new Map([['master_password', 'master password']])],
  ['aws_elasticache_replication_group', new Map([['auth_token', 'auth token']])],
  ['aws_secretsmanager_secret_version', new Map([['secret_string', 'secret value'], ['secret_binary', 'secret value']])],
  ['aws_cognito_user_pool_client', new Map([['client_secret', 'client secret']])],
  ['aws_api_gateway_api_key', new Map([['value', 'API key']])],
  ['aws_appsync_api_key', new Map([['key', 'API key']])],
  ['tls_private_key', new Map([['private_key_pem', 'private key'], ['private_key_openssh', 'private key'], ['private_key_pem_pkcs8', 'private key']])],
]);

const DATA = new Map<string, Map<string, string>>([
  ['aws_secretsmanager_secret_version', new Map([['secret_string', 'secret value'], ['secret_binary', 'secret value']])],
  ['aws_kms_secrets', new Map([['plaintext', 'decrypted secret']])],
  ['aws_secretsmanager_random_password', new Map([['random_password', 'generated password']])],
  // secret stores of other providers: what they read is the secret itself
  ['vault_generic_secret', new Map([['data', 'Vault secret'], ['data_json', 'Vault secret']])],
  ['vault_kv_secret', new Map([['data', 'Vault secret'], ['data_json', 'Vault secret']])],
  ['vault_kv_secret_v2', new Map([['data', 'Vault secret'], ['data_json', 'Vault secret'], ['custom_metadata', 'Vault secret metadata']])],
  ['vault_aws_access_credentials', new Map([['secret_key', 'secret access key'], ['security_token', 'session token']])],
  ['sops_file', new Map([['data', 'SOPS-decrypted secret'], ['raw', 'SOPS-decrypted secret']])],
  ['google_secret_manager_secret_version', new Map([['secret_data', 'secret value']])],
  ['azurerm_key_vault_secret', new Map([['value', 'Key Vault secret']])],
  ['onepassword_item', new Map([['password', '1Password item password'], ['credential', '1Password item credential'], ['private_key', '1Password item private key']])],
]);

/**
 * The credential marker for `<type>.<name>.<attribute>` (or `data.<type>...`) when the attribute
 * hands one over; `construct` is the reference as written (names only, never literal text).
 */
export function credentialAttribute(mode: 'managed' | 'data', type: string, attribute: string, construct: string): JsonObject | undefined {
  const what = (mode === 'data' ? DATA : MANAGED).get(type)?.get(attribute);
  return what ? credential(`${what} of ${mode === 'data' ? 'data source' : 'resource'} ${type}`, construct) : undefined;
}

/** The marker of an input variable declared `sensitive = true` that the module is given at deploy time. */
export function sensitiveVariable(construct: string): JsonObject {
  return credential('sensitive input variable', construct);
}

/**
 * The marker of `aws_ssm_parameter.<name>.value` when the parameter is declared a SecureString:
 * encrypted at rest, and the secret itself once an environment variable reads it.
 */
export function secureParameterValue(construct: string): JsonObject {
  return credential('SecureString parameter value of resource aws_ssm_parameter', construct);
}
