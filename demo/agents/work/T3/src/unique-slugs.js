// Slugs that never repeat within one document: the second "Intro" becomes "intro-2".
import { slugify } from './slugify.js';

/** A function giving each text its slug, numbered from 2 when that slug was given before. */
export function uniqueSlugs() {
  const given = new Map();
  return (text) => {
    const slug = slugify(text);
    const count = (given.get(slug) ?? 0) + 1;
    given.set(slug, count);
    return count === 1 ? slug : `${slug}-${count}`;
  };
}
