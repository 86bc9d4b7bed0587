// The console's two breakpoints, read by the layout and the shared list components (not page by
// page): below 992 px (a tablet held upright) the side menu is a drawer; below 768 px (a phone)
// cards stack and lists show their key columns. One listener for the whole console.
import { computed, readonly, ref } from 'vue';

export const DRAWER_BELOW = 992;
export const PHONE_BELOW = 768;

const width = ref(typeof window === 'undefined' ? 1440 : window.innerWidth);
let listening = false;

export function useViewport() {
  if (!listening && typeof window !== 'undefined') {
    listening = true;
    window.addEventListener('resize', () => (width.value = window.innerWidth), { passive: true });
  }
  return {
    width: readonly(width),
    /** The side menu is a drawer opened from the top bar. */
    narrow: computed(() => width.value < DRAWER_BELOW),
    /** Cards stack, lists show their key columns, the top bar keeps only what fits. */
    phone: computed(() => width.value < PHONE_BELOW),
  };
}
