// Words of a text: the pieces between anything that is not a letter or a digit.
import { toAscii } from './ascii.js';

/** The words of `text`, in ASCII and lower case: "Crème Brûlée, 2 spoons!" → ["creme", "brulee", "2", "spoons"]. */
export function words(text) {
  return toAscii(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}
