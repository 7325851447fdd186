// GB 32100-2015 check character, for field messages before the server is asked.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// Returns '' when valid, else a message key of `enterprises.usccErrors`.
export function usccProblem(code) {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'alphabet';
  let w = 1, sum = 0;
  for (const ch of code.slice(0, 17)) { sum += ALPHABET.indexOf(ch) * w; w = (w * 3) % 31; }
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c] === code[17] ? '' : 'check';
}
