// URL slugs: the words of a title joined by hyphens.
import { words } from './words.js';

/** A URL slug for `text`: "Crème Brûlée, 2 spoons!" → "creme-brulee-2-spoons". */
export function slugify(text) {
  return words(text).join('-');
}
