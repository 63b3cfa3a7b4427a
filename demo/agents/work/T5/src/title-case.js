// Titles: every word capitalised, except the small ones inside the title.
import { words } from './words.js';

const smallWords = new Set(['a', 'an', 'and', 'at', 'in', 'of', 'on', 'or', 'the', 'to']);

/** `text` as a title: "the lord of the rings" → "The Lord of the Rings". */
export function titleCase(text) {
  return words(text)
    .map((word, index) => (index > 0 && smallWords.has(word) ? word : word[0].toUpperCase() + word.slice(1)))
    .join(' ');
}
