// camelCase names for identifiers and JSON keys.
import { words } from './words.js';

/** `text` in camelCase: "user ID number" → "userIdNumber"; the first word stays lower case. */
export function camelCase(text) {
  return words(text)
    .map((word, index) => (index === 0 ? word : word[0].toUpperCase() + word.slice(1)))
    .join('');
}
