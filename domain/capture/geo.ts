// Distances on the earth for the capture rules: how far a capture was taken from the venue, and how
// fast a person would have had to travel between two captures. WGS-84 coordinates (as GPS and the
// browser's geolocation report them); the haversine formula on a sphere of the mean earth radius is
// within 0.5 % of the ellipsoid, far finer than a phone's position.
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres. */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Kilometres per hour needed to cover the distance in the time between two instants (Infinity when no time passed). */
export function speedKmh(metres: number, fromIso: string, toIso: string): number {
  const hours = Math.abs(Date.parse(toIso) - Date.parse(fromIso)) / 3_600_000;
  if (hours === 0) return metres > 0 ? Infinity : 0;
  return metres / 1000 / hours;
}
