/**
 * The key operations: sys/key-status, sys/rotate, sys/generate-root/*, sys/rekey/* and
 * sys/rekey-recovery-key/* ([V] api/sys_rotate.go, api/sys_generate_root.go, api/sys_rekey.go).
 */
import { TsvaultError } from '../errors.js';
import type {
  GenerateRootAttemptRequest,
  GenerateRootStatusResponse,
  GenerateRootUpdateRequest,
  KeyStatusResponse,
  RekeyInitRequest,
  RekeyStatusResponse,
  RekeyTarget,
  RekeyUpdateRequest,
  RekeyUpdateResponse,
  SecretResponse,
} from '../wire/index.js';
import type { Sender } from './sender.js';

const GENERATE_ROOT = 'sys/generate-root';
const REKEY: Readonly<Record<RekeyTarget, string>> = { barrier: 'sys/rekey', recovery: 'sys/rekey-recovery-key' };

export const sysKeys = {
  /** GET sys/key-status; reads the `data` envelope, falling back to the legacy top level. */
  async keyStatus(this: Sender): Promise<KeyStatusResponse> {
    const res = await this.call<SecretResponse<KeyStatusResponse> & Partial<KeyStatusResponse>>('GET', 'sys/key-status');
    const data = res?.data ?? (res as unknown as KeyStatusResponse | undefined);
    if (!data) throw new TsvaultError('API_REQUEST', 'data from server response is empty');
    if (typeof data.install_time !== 'string' || Number.isNaN(Date.parse(data.install_time))) {
      throw new TsvaultError('API_REQUEST', `parsing time ${JSON.stringify(data.install_time)}: not RFC 3339`);
    }
    return { term: data.term, install_time: data.install_time, encryptions: data.encryptions ?? 0 };
  },

  async rotate(this: Sender): Promise<void> {
    await this.call('POST', 'sys/rotate');
  },

  /** GET sys/generate-root/attempt: the answer as sent (fields may be missing). */
  generateRootStatus(this: Sender): Promise<Partial<GenerateRootStatusResponse> | undefined> {
    return this.call('GET', `${GENERATE_ROOT}/attempt`);
  },

  /** PUT sys/generate-root/attempt `{"otp":…,"pgp_key":…}`. */
  generateRootInit(this: Sender, body: GenerateRootAttemptRequest): Promise<Partial<GenerateRootStatusResponse> | undefined> {
    return this.call('PUT', `${GENERATE_ROOT}/attempt`, body);
  },

  /** DELETE sys/generate-root/attempt. */
  async generateRootCancel(this: Sender): Promise<void> {
    await this.call('DELETE', `${GENERATE_ROOT}/attempt`);
  },

  /** PUT sys/generate-root/update `{"key":…,"nonce":…}`. */
  generateRootUpdate(this: Sender, body: GenerateRootUpdateRequest): Promise<Partial<GenerateRootStatusResponse> | undefined> {
    return this.call('PUT', `${GENERATE_ROOT}/update`, body);
  },

  /** GET sys/rekey/init (or sys/rekey-recovery-key/init). */
  rekeyStatus(this: Sender, target: RekeyTarget): Promise<Partial<RekeyStatusResponse> | undefined> {
    return this.call('GET', `${REKEY[target]}/init`);
  },

  /** PUT .../init with Vault's RekeyInitRequest. */
  rekeyInit(this: Sender, target: RekeyTarget, body: RekeyInitRequest): Promise<Partial<RekeyStatusResponse> | undefined> {
    return this.call('PUT', `${REKEY[target]}/init`, body);
  },

  /** DELETE .../init, with `{"nonce":…}` when one is given (Vault 1.20+ want it within ten minutes). */
  async rekeyCancel(this: Sender, target: RekeyTarget, nonce?: string): Promise<void> {
    await this.call('DELETE', `${REKEY[target]}/init`, nonce === undefined || nonce === '' ? undefined : { nonce });
  },

  /** PUT .../update `{"key":…,"nonce":…}`. */
  rekeyUpdate(this: Sender, target: RekeyTarget, body: RekeyUpdateRequest): Promise<Partial<RekeyUpdateResponse> | undefined> {
    return this.call('PUT', `${REKEY[target]}/update`, body);
  },
};
