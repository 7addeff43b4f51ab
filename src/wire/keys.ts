/** sys/key-status and sys/rotate ([V] api/sys_rotate.go). */

/** GET sys/key-status data ([V] KeyStatus; install_time is RFC 3339). */
export interface KeyStatusResponse {
  term: number;
  install_time: string;
  encryptions: number;
}
