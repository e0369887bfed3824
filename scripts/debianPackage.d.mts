/** Types for debianPackage.mjs (plain JS so scripts/test.mjs can use it before any build step). */
export function ensureDebianProgram(options: { pkg: string; candidates: readonly string[]; why: string }): string;
