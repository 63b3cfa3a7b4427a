// Plain ASCII letters from any Latin text: the accents are split off (NFD) and dropped.

/** `text` without its accents and combining marks: "Crème brûlée" → "Creme brulee". */
export function toAscii(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}
