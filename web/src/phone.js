// Whether the screen is a phone's: the width below which the menu is a
// drawer and detail pages show one field a row.
import { ref } from 'vue';

const media = window.matchMedia('(max-width: 768px)');
export const phone = ref(media.matches);
media.addEventListener('change', () => { phone.value = media.matches; });
