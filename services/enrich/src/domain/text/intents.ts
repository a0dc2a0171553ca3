// Built-in English intent rules: a mention may carry several intents ("why is my order late? never buying here
// again" is a complaint, a question and a churn risk). Patterns run over the text as the tokenizer normalised it:
// lower case, one space between tokens, handles as "@user", links as "url".
import type { LexiconSentiment } from './sentiment.ts';
import type { Token } from './tokenize.ts';

export const INTENTS = [
  'complaint',
  'question',
  'praise',
  'recommendation',
  'purchase_intent',
  'churn_risk',
  'feature_request',
  'promotional',
] as const;
export type Intent = (typeof INTENTS)[number];

export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}

/** The text the patterns read: "@Delta my bag's LOST!!" → "@user my bag's lost !!". */
export function patternText(tokens: readonly Token[]): string {
  const parts: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'handle') parts.push('@user');
    else if (t.kind === 'url') parts.push('url');
    else if (t.kind !== 'emoji' && t.kind !== 'emoticon') parts.push(t.norm);
  }
  return ` ${parts.join(' ')} `;
}

const NEG = String.raw`(?:not|never|no|don't|dont|doesn't|doesnt|didn't|didnt|won't|wont|wouldn't|wouldnt|can't|cant|cannot|isn't|isnt|aren't|wasn't|haven't|havent|hasn't|hasnt)`;

function anyOf(patterns: readonly string[]): RegExp {
  return new RegExp(patterns.map((p) => `(?:${p})`).join('|'));
}

// Problems reported without strong words: something failed, is missing, wrong, or charged twice.
const COMPLAINT = anyOf([
  String.raw` ${NEG} (?:even )?(?:work|works|working|load|loading|open|connect|turn on|charge|charging|start|respond|responding|arrive|arrived|show up|showed up)\b`,
  String.raw` (?:never|still ${NEG}|${NEG} yet) (?:received|receive|arrived|got|gotten|heard|been refunded|been contacted|shipped|delivered)\b`,
  String.raw` (?:charged (?:me )?(?:twice|double|two times)|double charged|overcharged|charged for something)`,
  String.raw` wrong (?:item|order|size|colou?r|product|address|bag|seat|name|gate|information|info)\b`,
  String.raw` (?:where|where's) (?:is )?my (?:order|package|parcel|refund|bag|bags|luggage|delivery|money|replacement|suitcase)\b`,
  String.raw` been (?:waiting|on hold|trying to|calling|stuck)\b`,
  String.raw` (?:fix|sort out|sort) (?:this|it|your|the problem|the issue)\b`,
  String.raw` (?:stopped|stops|quit) (?:working|charging|responding|loading)\b`,
  String.raw` (?:still|keeps|keep) (?:broken|crashing|freezing|failing|getting an error|giving me an error|saying)\b`,
]);

const QUESTION_START =
  /^ (?:@user )*(?:(?:how|what|what's|whats|when|where|where's|why|who|which|anyone|anybody)\b|(?:is|are|was|were|will|would|can|could|do|does|did|should|has|have|any) (?:i|you|u|we|they|it|there|this|that|these|those|the|my|your|our|anyone|someone|anybody|somebody|he|she|y'all)\b)/;
const QUESTION = anyOf([
  String.raw` \?`,
  String.raw` (?:anyone|anybody|somebody|someone) (?:know|knows|have|tell)\b`,
  String.raw` (?:i was|i'm|just) wondering\b`,
  String.raw` (?:can|could) (?:you|u|someone|anyone) (?:tell|explain|confirm|let me know|advise)\b`,
]);

const PRAISE = anyOf([
  String.raw` (?:thanks|thank you|thank u|thx|thnx|ty|tysm|cheers|kudos|props|bravo|shout ?out|hats off|well done|you rock|you guys rock)\b`,
  String.raw` (?:love|loved|loving|adore|appreciate|appreciated)\b`,
  String.raw` (?:great|awesome|amazing|excellent|fantastic|wonderful|outstanding|brilliant|superb|incredible|best|perfect|impeccable|stellar|top notch|exceptional|fabulous|lovely|friendly|helpful|nice|good|smooth|quick|fast) (?:job|work|service|staff|crew|team|support|experience|flight|customer service|people|product|app|food|quality|price|prices|help|response|agent|attendant|attendants|pilot|airline|company|store|delivery|stuff)\b`,
  String.raw` (?:you|you guys|y'all|u|your team|your staff|your crew) (?:are|were|r) (?:the )?(?:best|great|awesome|amazing|fantastic|wonderful|excellent|stars|heroes|incredible|rockstars)\b`,
  String.raw` (?:made my day|above and beyond|went the extra mile|second to none|never disappoints?|couldn't be happier)\b`,
]);

const RECOMMENDATION = anyOf([
  String.raw` (?:highly|strongly|definitely|totally|really|100%|fully|would|i'd|i'll|i|we|always) (?:recommend|reccomend|recomend)\b`,
  String.raw` 10/10 | (?:5|five) stars?\b`,
  String.raw` (?:would|will|i'd|i'll|we'd|we'll|definitely|gonna) (?:definitely |totally |happily |gladly )?(?:fly|buy|shop|order|stay|book|use|eat|go|come|travel|choose|visit)(?: \S+){0,3} again\b`,
  String.raw` (?:you|everyone|y'all|u|people|everybody) (?:should|need to|needs to|have to|has to|gotta|must) (?:definitely )?(?:try|check out|get|go to|fly with|use|download|visit|see)\b`,
  String.raw` (?:go|must) (?:check out|try)\b| check (?:them|it|this) out\b| must try\b| worth every (?:penny|cent|dollar)\b`,
]);
// A negation that praises: "can't recommend them enough".
const EMPHATIC_RECOMMENDATION = / (?:can't|cant|cannot|couldn't) recommend (?:\w+ )?(?:enough|highly enough)\b/;
const ASKS_FOR_RECOMMENDATION = / (?:you|anyone|anybody|someone|somebody|u|y'all) (?:recommend|suggest)\b/;

// Things a customer wants, not things a customer wants back: "want to get a refund" is no purchase.
const NOT_A_PURCHASE = String.raw`(?!(?:a |an |my |the |some |our )?(?:refund|answer|response|reply|hold|help|through|home|back|touch|in touch|compensation|update|someone|somebody|agent|human|person|money|flight changed|rebooked|off))`;
const PURCHASE_INTENT = anyOf([
  String.raw` (?:thinking|thinkin|considering|planning|plan|want|wanna|going|gonna|ready|about|dying|hoping|looking|intend|intending|decided|deciding|trying|need) (?:of |about |on |to |for )?(?:buy|buying|purchase|purchasing|order|ordering|pre order|pre ordering|book|booking|upgrade|upgrading)\b`,
  String.raw` (?:thinking|thinkin|considering|planning|want|wanna|dying|hoping|looking) (?:of |about |on |to |for )?(?:get|getting|grab|grabbing|pick up|picking up) ${NOT_A_PURCHASE}`,
  String.raw` (?:where|how) (?:can|do|could|would|should) (?:i|we|one) (?:buy|get|find|order|purchase|book|pre order) ${NOT_A_PURCHASE}`,
  String.raw` should (?:i|we) (?:buy|get|order|go with|book|choose)\b`,
  String.raw` how much (?:is|are|does|do|for|would)\b| price (?:of|for)\b`,
  String.raw` (?:is|are) (?:it|this|they|these|that) (?:worth (?:it|buying|the money)|in stock|available)\b`,
  String.raw` (?:back )?in stock\b| take my money\b| add(?:ed)? (?:it )?to (?:my )?(?:cart|basket)\b`,
  String.raw` (?:can't|cant|cannot) wait to (?:get|buy|order|try|own)\b`,
  String.raw` (?:do|does) (?:you|u|it|this) (?:sell|ship|deliver|stock|carry|come in)\b`,
  String.raw` (?:when|where) (?:will|is|does|do|can) .{0,40}(?:available|be released|release|in stock|go on sale|launch|ship)\b`,
  String.raw` (?:i|we) (?:need|want) (?:a|an) new\b| (?:i|we) want (?:to buy|one)\b`,
]);
const NO_PURCHASE = / (?:not|never|won't|wont|no longer) (?:going to |gonna |ever )?(?:buy|buying|order|ordering|book|booking|get|getting)\b/;

const CHURN_RISK = anyOf([
  // Not a change within the same brand: "switch to an earlier flight", "switch to the family plan".
  String.raw` (?:switch|switching|switched|jumping ship|jump ship) (?:over )?to (?!(?:a |an |the |my |another |other |different )?(?:earlier |later |new |different |other |cheaper |bigger |smaller |family |annual |monthly )?(?:flight|flights|seat|seats|date|time|plan|gate|day|room|size|colou?r|model|version|aisle|window|economy|business|premium|first|account|number|card|app|tab|mode)\b)`,
  String.raw` (?:switch|switching|change|changing) (?:carriers|providers|airlines|banks|networks|companies|brands)\b`,
  String.raw` (?:cancel|cancelling|canceling|cancelled|canceled|end|ending|close|closing|terminate|terminating|quit|quitting|not renewing|won't renew|wont renew) (?:my|our|the) (?:subscription|account|membership|plan|service|contract|card|policy|sub|prime|netflix|cable|internet)\b`,
  String.raw` unsubscrib| never again\b| last time (?:i|we) (?:ever )?(?:fly|flew|use|used|buy|bought|order|ordered|shop|shopped|book|booked|stay|stayed|eat|ate)\b`,
  String.raw` (?:never|not|won't|wont|will not|not going to|never going to) (?:be )?(?:fly|flying|buy|buying|use|using|shop|shopping|order|ordering|book|booking|stay|staying|eat|eating|come|coming|go|going|return|returning|travel|traveling|travelling)(?: \S+){0,5} again\b`,
  String.raw` (?:done|finished|through) with (?:you|u|y'all|this company|your company|your service|them)\b`,
  String.raw` lost (?:a|my|our|another) (?:customer|loyal customer|business)\b| (?:take|taking) (?:my|our) (?:business|money) (?:elsewhere|somewhere else)\b`,
  String.raw` (?:find|finding|look for|looking for) (?:a |an )?(?:new|different|another|better) (?:airline|provider|carrier|bank|company|service|phone|insurer|isp)\b`,
  String.raw` (?:port|porting) my number\b| (?:former|ex) customer\b| (?:goodbye|bye bye) (?:@user|forever)\b`,
]);

const FEATURE_REQUEST = anyOf([
  String.raw` (?:i )?wish (?:you|u|y'all|it|there|they|the app|your app|your site|the site|this) (?:had|would|could|were|was|offered|made|sold|did|supported|allowed|let|came|added)\b`,
  String.raw` please (?:add|bring back|consider|offer|allow|let us|support|include|introduce|start)\b(?! me\b)`,
  String.raw` (?:would|it'd|it would|that'd|that would|wouldn't it) be (?:so |really |very )?(?:nice|great|cool|awesome|amazing|helpful|better|good|lovely|ideal|useful) (?:if|to)\b`,
  String.raw` (?:can|could|will|would) (?:you|u|y'all) (?:please )?(?:add|bring back|offer|support|allow|include|introduce|start offering|consider)\b(?! me\b)`,
  String.raw` (?:you|u|y'all|they) (?:should|need to|needs to|gotta|ought to) (?:really )?(?:add|bring back|offer|support|allow|include|introduce|start offering|consider adding)\b`,
  String.raw` bring back\b| feature request\b| suggestion :| i suggest\b`,
  String.raw` (?:any|are there) plans? (?:to|for) (?:add|support|offer|bring|launch|fly|make|introduce|open)\b`,
  String.raw` when (?:will|are|is) (?:you|u|y'all|it|the app) (?:going to |gonna )?(?:add|support|offer|bring|start|launch|fly|get|open)\b`,
  String.raw` why (?:don't|doesn't|dont|doesnt|can't|cant|won't) (?:you|u|y'all|it|the app|your app|your site) (?:have|support|offer|let|allow|include|sell|fly)\b`,
  String.raw` (?:need|needs|want) (?:a|an) (?:option|feature|setting|button|way|toggle) to\b| (?:add|have) an option\b`,
]);

const PROMOTIONAL = anyOf([
  String.raw` (?:giveaway|give away|giving away|sweepstakes|contest)\b`,
  String.raw` (?:chance to win|enter to win|to win a|win a|win an|win one|win free|win tickets)\b| win \$\d`,
  String.raw` (?:use|enter|apply|with) (?:the |my |our |promo |discount |coupon )?code\b| promo code\b| discount code\b| coupon\b`,
  String.raw` \d+% off\b| \d+ percent off\b| buy one get one\b| bogo\b`,
  String.raw` (?:click|tap) (?:the |this |my |our )?link\b| link in (?:bio|profile|description)\b`,
  String.raw` follow (?:us |me )?(?:and )?(?:rt|retweet)\b| (?:rt|retweet) (?:to |and )?(?:win|enter|follow)\b`,
  String.raw` limited time (?:offer|only|deal)\b| (?:shop|buy|order|book|download) (?:now|today)\b| free shipping\b| flash sale\b`,
  String.raw` sale (?:ends|starts|now on)\b| deal of the day\b| (?:lowest|best) prices?\b| don't miss (?:out|this)\b`,
  String.raw` check out (?:our|my) (?:new )?(?:store|shop|website|site|channel|page|sale|products?|collection|deals?|offers?|video|blog)\b`,
  String.raw` sign up (?:now|today|here)\b| subscribe (?:now|today)\b| earn (?:money|cash|\$\d)| make money\b`,
  String.raw` #(?:ad|sponsored|giveaway|win|promo|sale|deals?|discount|contest|freebie)\b`,
]);

/** All the intents the rules find in one mention, in the order of INTENTS. */
export function detectIntents(tokens: readonly Token[], sentiment: LexiconSentiment): Intent[] {
  const text = patternText(tokens);
  const intents: Intent[] = [];
  const promotional = PROMOTIONAL.test(text) && sentiment.label !== 'negative';
  const unhappy = sentiment.label === 'negative' || sentiment.label === 'mixed';

  if (!promotional && (unhappy || COMPLAINT.test(text))) intents.push('complaint');
  if (QUESTION.test(text) || QUESTION_START.test(text)) intents.push('question');
  if (!promotional && (sentiment.label === 'positive' || sentiment.label === 'mixed') && PRAISE.test(text)) intents.push('praise');
  if (!promotional && (EMPHATIC_RECOMMENDATION.test(text) || (RECOMMENDATION.test(text) && !ASKS_FOR_RECOMMENDATION.test(text) && !notRecommending(text)))) {
    intents.push('recommendation');
  }
  if (!promotional && PURCHASE_INTENT.test(text) && !NO_PURCHASE.test(text)) intents.push('purchase_intent');
  if (CHURN_RISK.test(text)) intents.push('churn_risk');
  if (FEATURE_REQUEST.test(text)) intents.push('feature_request');
  if (promotional) intents.push('promotional');
  return intents;
}

const NOT_RECOMMENDING = new RegExp(String.raw` ${NEG} (?:\w+ )?(?:recommend|fly|buy|shop|order|stay|book|use)\b`);

function notRecommending(text: string): boolean {
  return NOT_RECOMMENDING.test(text);
}
