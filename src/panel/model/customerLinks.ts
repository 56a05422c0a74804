import { cleanText } from '../../common/model/text';

/**
 * The only links the customer panel makes from customer data. Each is built from the cleaned
 * value, checked against a narrow shape, and has a fixed scheme (mailto:, tel:, or the
 * OpenStreetMap https URL); a value that does not fit gets no link and is shown as text.
 * The host rebuilds the same link from its own model before opening it, so the page never
 * supplies a URL.
 */

/** A value with the characters cleanText removes taken out, never truncated. */
export function cleanFull(value: string): string {
  return cleanText(value, Number.MAX_SAFE_INTEGER);
}

// Deliberately narrower than RFC 5322: no quotes, spaces, brackets, `?`, `#`, `%` or `&`, so the
// address can never carry mailto headers (`?cc=`, `&body=`) or break out of an attribute.
const EMAIL =
  /^[A-Za-z0-9._+!$'*=^`{|}~/-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** `mailto:` + the address, or undefined when the value is not a plain e-mail address. */
export function mailtoHref(email: string | undefined): string | undefined {
  if (!email) return undefined;
  const address = cleanFull(email);
  if (address.length > 254 || !EMAIL.test(address)) return undefined;
  return `mailto:${address}`;
}

/**
 * `tel:` + the digits (with a leading `+` when the number has one), or undefined when the value
 * does not look like a phone number: only digits, spaces, `+ - . ( ) /` and an extension marker
 * are accepted, with 3 to 20 digits.
 */
export function telHref(phone: string | undefined): string | undefined {
  if (!phone) return undefined;
  const value = cleanFull(phone);
  if (value.length > 40 || !/^\+?[0-9 ().\-/]+$/.test(value)) return undefined;
  const digits = value.replace(/[^0-9]/g, '');
  if (digits.length < 3 || digits.length > 20) return undefined;
  return `tel:${value.startsWith('+') ? '+' : ''}${digits}`;
}

/**
 * Where a location points, if it can be shown on a map: exactly two finite numbers, the first a
 * plausible latitude and the second a plausible longitude, and not the 0,0 placeholder. Rotor
 * does not document the order; [lat, lng] is assumed and the page says so.
 */
export function mapPoint(
  location: readonly number[] | undefined,
): { readonly lat: number; readonly lng: number } | undefined {
  if (!location || location.length !== 2) return undefined;
  const [lat, lng] = location as [number, number];
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return undefined;
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  if (lat === 0 && lng === 0) return undefined;
  return { lat, lng };
}

/** An OpenStreetMap page with a marker at the location (numbers only, so nothing to escape). */
export function mapUrl(location: readonly number[] | undefined): string | undefined {
  const point = mapPoint(location);
  if (!point) return undefined;
  // Fixed notation: String() would give `1e-7`, which map sites do not read.
  const lat = point.lat.toFixed(6);
  const lng = point.lng.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}`;
}
