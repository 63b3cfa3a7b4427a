import { words } from './words.js';

export function camelCase(text) {
  return words(text)
    .map((word, index) => (index === 0 ? word : word[0].toUpperCase() + word.slice(1)))
    .join('');
}
