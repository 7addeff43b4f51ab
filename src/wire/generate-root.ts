/** sys/generate-root/attempt and sys/generate-root/update ([V] api/sys_generate_root.go). */

/** The status every generate-root endpoint answers with ([V] GenerateRootStatusResponse, in its field order). */
export interface GenerateRootStatusResponse {
  nonce: string;
  started: boolean;
  progress: number;
  required: number;
  complete: boolean;
  encoded_token: string;
  encoded_root_token: string;
  pgp_fingerprint: string;
  otp: string;
  otp_length: number;
}

/** PUT sys/generate-root/attempt body. */
export interface GenerateRootAttemptRequest {
  otp?: string;
  pgp_key?: string;
}

/** PUT sys/generate-root/update body. */
export interface GenerateRootUpdateRequest {
  key: string;
  nonce: string;
}
