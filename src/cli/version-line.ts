/** The line `vault version` prints (and `operator diagnose` repeats): Vault's, with tsvault where the commit goes. */
import { BUILD_DATE, VERSION } from '../version.js';

export function versionString(): string {
  return `Vault v${VERSION} (tsvault), built ${BUILD_DATE}`;
}
