/** True when every character of `part` appears in `whole` in order (interleaving allowed). */
export function containsInOrder(whole: string, part: string): boolean {
  let at = 0;
  for (const char of part) {
    at = whole.indexOf(char, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}
