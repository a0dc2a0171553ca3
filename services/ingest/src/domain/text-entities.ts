// Pulls @handles, #hashtags and URLs out of cleaned text: each list lower-cased (URLs: scheme and host only,
// paths are case-sensitive), without duplicates, in order of first appearance.
// URLs are cut out before handles and hashtags are searched, so /@user paths and #fragments are not taken.

export interface TextEntities {
  handles: string[];
  hashtags: string[];
  urls: string[];
}

const URL_PATTERN = /(?<![\p{L}\p{N}])https?:\/\/[^\s<>"]+/giu;
// No letter, digit or @ before the sign: e-mail addresses and a@b are not handles; ".@brand" is.
const HANDLE_PATTERN = /(?<![\p{L}\p{M}\p{N}_@])[@＠]([\p{L}\p{M}\p{N}_]+)/gu;
// "#1" is not a hashtag (Twitter agrees); "&#39;" left by HTML escaping is excluded by the & guard.
const HASHTAG_PATTERN = /(?<![\p{L}\p{M}\p{N}_&#])[#＃]([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu;
const TRAILING_PUNCTUATION = `.,;:!?'’"»…)]}*`;
const OPENER_OF: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

export function extractEntities(text: string): TextEntities {
  // The Unicode-aware patterns are costly; most texts lack one kind of sign or another, so look first.
  const hasUrl = /https?:\/\//i.test(text);
  const urls: string[] = [];
  if (hasUrl) for (const match of text.matchAll(URL_PATTERN)) urls.push(normaliseUrl(trimUrl(match[0])));
  const withoutUrls = hasUrl ? text.replace(URL_PATTERN, ' ') : text;
  const hasHandle = withoutUrls.includes('@') || withoutUrls.includes('＠');
  const hasHashtag = withoutUrls.includes('#') || withoutUrls.includes('＃');
  return {
    handles: hasHandle ? uniqueLowerCase([...withoutUrls.matchAll(HANDLE_PATTERN)].map((m) => m[1] ?? '')) : [],
    hashtags: hasHashtag ? uniqueLowerCase([...withoutUrls.matchAll(HASHTAG_PATTERN)].map((m) => m[1] ?? '')) : [],
    urls: [...new Set(urls)],
  };
}

/** Sentence punctuation after a URL is not part of it; a closing bracket is, when the URL opened one. */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1] ?? '';
    if (!TRAILING_PUNCTUATION.includes(last)) break;
    const opener = OPENER_OF[last];
    if (opener !== undefined && occurrences(url.slice(0, end), opener) >= occurrences(url.slice(0, end), last)) break;
    end--;
  }
  return url.slice(0, end);
}

function occurrences(text: string, char: string): number {
  return text.split(char).length - 1;
}

function normaliseUrl(url: string): string {
  const match = /^(https?:\/\/)([^/?#]*)(.*)$/isu.exec(url);
  return match ? `${(match[1] ?? '').toLowerCase()}${(match[2] ?? '').toLowerCase()}${match[3] ?? ''}` : url;
}

function uniqueLowerCase(values: string[]): string[] {
  return [...new Set(values.map((v) => v.toLowerCase()))];
}
