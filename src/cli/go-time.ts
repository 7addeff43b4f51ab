/**
 * Go's time.Time.String() for a time decoded from JSON (RFC 3339), as Vault's table prints
 * wrapping_token_creation_time: "2018-01-04 15:25:36.427549 +0000 UTC". A "Z" time is in UTC;
 * a numeric offset gets Go's fabricated zone, whose name is the offset again ("+0200 +0200").
 * (Go would name the local zone instead when the offset matches it; the CLI cannot know that.)
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** The zero time.Time, which is what a missing creation_time decodes to. */
export const GO_ZERO_TIME = '0001-01-01 00:00:00 +0000 UTC';

/** time.Time.String() of an RFC 3339 text; the text itself when it does not parse. */
export function goTimeString(rfc3339: string): string {
  if (rfc3339 === '') return GO_ZERO_TIME;
  const m = RFC3339.exec(rfc3339);
  if (!m) return rfc3339;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, oh, om] = m;
  const frac = (fraction ?? '').slice(0, 9).replace(/0+$/, '');
  const clock = `${year}-${month}-${day} ${hour}:${minute}:${second}${frac === '' ? '' : `.${frac}`}`;
  if (zulu !== undefined) return `${clock} +0000 UTC`;
  const offset = `${sign ?? '+'}${oh ?? '00'}${om ?? '00'}`;
  return `${clock} ${offset} ${offset}`;
}
