/**
 * Example sentences offered on the page: short ones from the held-out test set
 * (data/en-es/test.en, fetched, not bundled), else a fixed list in the corpus's style.
 */
const testSet = import.meta.glob<string>('../../data/en-es/test.en', { query: '?url', import: 'default', eager: true });

const FALLBACK_EXAMPLES = [
  'the red cat is under the table .',
  'she will open the book next week .',
  'where are Miguel and Lucia ?',
  'the neighbor helped Carlos .',
];

/** Picks `count` sentences of 4 to 9 tokens, spread over the file so they are not all alike. */
export function pickExamples(lines: readonly string[], count: number): string[] {
  const short = lines
    .map((line) => line.trim())
    .filter((line) => {
      const tokens = line.split(/\s+/).length;
      return tokens >= 4 && tokens <= 9;
    });
  if (short.length <= count) return short;
  const stride = short.length / count;
  return Array.from({ length: count }, (_, i) => short[Math.floor(i * stride)]);
}

export async function loadExamples(count = 6): Promise<string[]> {
  const url = testSet['../../data/en-es/test.en'];
  if (!url) return FALLBACK_EXAMPLES;
  try {
    const response = await fetch(url);
    if (!response.ok) return FALLBACK_EXAMPLES;
    const picked = pickExamples((await response.text()).split('\n'), count);
    return picked.length > 0 ? picked : FALLBACK_EXAMPLES;
  } catch {
    return FALLBACK_EXAMPLES;
  }
}
