/** "Philip H.S Torr", "Philip H. S. Torr" and "PHILIP H S TORR" are one author. */
export function authorKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function authorName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}
