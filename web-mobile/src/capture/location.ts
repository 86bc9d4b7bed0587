// Where the phone is, from the browser (navigator.geolocation, WGS-84 like the class's venue). A
// capture without a location is still sent: the server records that it had none.
import { ref } from 'vue';

export interface Fix {
  latitude: number;
  longitude: number;
  accuracyMeters: number | null;
}

const LOCATION_ERRORS: Record<number, string> = {
  1: '没有定位权限：请在浏览器设置中允许本网站获取位置',
  2: '无法获取位置，请到信号较好的地方重试',
  3: '获取位置超时，请重试',
};

export function useLocation() {
  const fix = ref<Fix | null>(null);
  const error = ref<string | null>(null);
  const locating = ref(false);

  function locate(): Promise<Fix | null> {
    if (!navigator.geolocation) {
      error.value = '此浏览器不能获取位置';
      return Promise.resolve(null);
    }
    locating.value = true;
    error.value = null;
    return new Promise((resolve) => {
      navigator.geolocation.getCurrentPosition(
        (position) => {
          fix.value = { latitude: position.coords.latitude, longitude: position.coords.longitude, accuracyMeters: Number.isFinite(position.coords.accuracy) ? position.coords.accuracy : null };
          locating.value = false;
          resolve(fix.value);
        },
        (failure) => {
          error.value = LOCATION_ERRORS[failure.code] ?? '无法获取位置';
          locating.value = false;
          resolve(null);
        },
        { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
      );
    });
  }

  return { fix, error, locating, locate };
}
