// Built-in English intent rules: a mention may carry several intents ("why is my order late? never buying here
// again" is a complaint, a question and a churn risk). Patterns run over the text as the tokenizer normalised it:
// lower case, one space between tokens, handles as "@user", links as "url".
import type { LexiconSentiment } from './sentiment.ts';
import type { Token } from './tokenize.ts';

import { INTENTS, type Intent } from '@mentions/runtime';

export { INTENTS, type Intent };

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

/** "work show_up" → "(?:work|show up)": rules read better as word lists; "_" stands for a space inside an item. */
function oneOf(list: string): string {
  return `(?:${list
    .trim()
    .split(/\s+/)
    .map((w) => w.replaceAll('_', ' '))
    .join('|')})`;
}

function anyOf(patterns: readonly string[]): RegExp {
  return new RegExp(patterns.map((p) => `(?:${p})`).join('|'));
}

const NEG = oneOf(`not never no don't dont doesn't doesnt didn't didnt won't wont wouldn't wouldnt can't cant cannot
  isn't isnt aren't wasn't haven't havent hasn't hasnt`);
const YOU = oneOf("you u y'all");

// A complaint states a breach of expectations about a product or service (Preotiuc-Pietro et al., 2019): as a plain
// report of a problem, as a question, or in unhappy words aimed at whoever provides it. Unhappy words aimed at nobody
// ("I hate mondays") are venting, not a complaint.
// Problems reported without strong words: something failed, is missing, wrong, down, late, or charged twice.
const COMPLAINT = anyOf([
  String.raw` ${NEG} (?:even )?${oneOf('work works working load loading open connect turn_on charge charging start respond responding arrive arrived show_up showed_up')}\b`,
  String.raw` (?:never|still ${NEG}|${NEG} yet) ${oneOf('received receive arrived got gotten heard been_refunded been_contacted shipped delivered')}\b`,
  String.raw` (?:charged (?:me )?${oneOf('twice double two_times')}|double charged|overcharged|charged for something)`,
  String.raw` wrong ${oneOf('item order size color colour product address bag seat name gate information info')}\b`,
  String.raw` (?:where|where's) (?:is )?my ${oneOf('order package parcel refund bag bags luggage delivery money replacement suitcase')}\b`,
  String.raw` been ${oneOf('waiting on_hold trying_to calling stuck')}\b`,
  String.raw` ${oneOf('fix sort_out sort')} ${oneOf('this it your the_problem the_issue')}\b`,
  String.raw` ${oneOf('stopped stops quit')} ${oneOf('working charging responding loading')}\b`,
  String.raw` ${oneOf('still keeps keep')} ${oneOf('broken crashing freezing failing getting_an_error giving_me_an_error saying')}\b`,
  String.raw` ${oneOf('is are was were been went still keeps_going keep_going')} down\b(?! ${oneOf('to the here there by from')}\b)`,
  String.raw` ${oneOf('having have had got getting facing experiencing')} (?:${oneOf('a an the some this same serious major big real')} )*(?:\S+ )?${oneOf('issue issues problem problems trouble error errors')}\b`,
  String.raw` ${oneOf("should_have should've was_supposed_to were_supposed_to supposed_to")} (?:\S+ )?${oneOf('received arrived arrive been be come got gotten delivered shipped')}\b`,
  String.raw` ${oneOf("didn't did_not hasn't has_not haven't have_not")} (?:\S+ )?${oneOf('resolve resolved fix fixed')}\b`,
  String.raw` ${oneOf('no without')} (?:${oneOf('any my our the')} )?${oneOf('wifi internet power signal service water response reply refund luggage bag bags')}\b`,
  String.raw` ${oneOf('what_gives what_happened_to how_come how_can_you how_could_you how_hard_is_it')}\b`,
  String.raw` ${oneOf('on_and_off not_good_enough')}\b`,
]);
// Complaints asked as questions: "why is my bill so high?", "why can't I log in?" — when aimed at someone.
const ACCUSING_QUESTION = new RegExp(String.raw` why (?!not\b)`);
const SECOND_PERSON = new Set(['you', 'your', 'u', 'ur', "y'all", 'yall', "you're", 'youre', 'yours']);

/** Whether a mention is aimed at someone who could answer it: it addresses a handle or says "you". */
function aimed(tokens: readonly Token[]): boolean {
  for (const t of tokens) if (t.kind === 'handle' || (t.kind === 'word' && SECOND_PERSON.has(t.norm))) return true;
  return false;
}

const QUESTION_START = new RegExp(
  String.raw`^ (?:@user )*(?:${oneOf("how what what's whats when where where's why who which anyone anybody")}\b|` +
    String.raw`${oneOf('is are was were will would can could do does did should has have any')} ` +
    String.raw`${oneOf("i you u we they it there this that these those the my your our anyone someone anybody somebody he she y'all")}\b)`,
);
const QUESTION = anyOf([
  String.raw` \?`,
  String.raw` ${oneOf('anyone anybody somebody someone')} ${oneOf('know knows have tell')}\b`,
  String.raw` ${oneOf("i_was i'm just")} wondering\b`,
  String.raw` ${oneOf('can could')} ${oneOf('you u someone anyone')} ${oneOf('tell explain confirm let_me_know advise')}\b`,
]);

const PRAISE = anyOf([
  String.raw` ${oneOf('thanks thank_you thank_u thx thnx ty tysm cheers kudos props bravo shoutout shout_out hats_off well_done you_rock you_guys_rock')}\b`,
  String.raw` ${oneOf('love loved loving adore appreciate appreciated')}\b`,
  String.raw` ${oneOf(`great awesome amazing excellent fantastic wonderful outstanding brilliant superb incredible best perfect
    impeccable stellar top_notch exceptional fabulous lovely friendly helpful nice good smooth quick fast`)} ` +
    String.raw`${oneOf(`job work service staff crew team support experience flight customer_service people product app food
    quality price prices help response agent attendant attendants pilot airline company store delivery stuff`)}\b`,
  String.raw` ${oneOf("you you_guys y'all u your_team your_staff your_crew")} ${oneOf('are were r')} (?:the )?` +
    String.raw`${oneOf('best great awesome amazing fantastic wonderful excellent stars heroes incredible rockstars')}\b`,
  String.raw` ${oneOf("made_my_day above_and_beyond went_the_extra_mile second_to_none never_disappoints never_disappoint couldn't_be_happier")}\b`,
]);

const RECOMMENDATION = anyOf([
  String.raw` ${oneOf("highly strongly definitely totally really fully would i'd i'll i we always")} ${oneOf('recommend reccomend recomend')}\b`,
  String.raw` 10/10 | ${oneOf('5 five')} stars?\b`,
  String.raw` ${oneOf("would will i'd i'll we'd we'll definitely gonna")} (?:${oneOf('definitely totally happily gladly')} )?` +
    String.raw`${oneOf('fly buy shop order stay book use eat go come travel choose visit')}(?: \S+){0,3} again\b`,
  String.raw` ${oneOf("you everyone y'all u people everybody")} ${oneOf('should need_to needs_to have_to has_to gotta must')} (?:definitely )?` +
    String.raw`${oneOf('try check_out get go_to fly_with use download visit see')}\b`,
  String.raw` ${oneOf('go must')} ${oneOf('check_out try')}\b| check ${oneOf('them it this')} out\b| worth every ${oneOf('penny cent dollar')}\b`,
]);
// A negation that praises: "can't recommend them enough".
const EMPHATIC_RECOMMENDATION = new RegExp(String.raw` ${oneOf("can't cant cannot couldn't")} recommend (?:\w+ )?(?:highly )?enough\b`);
const ASKS_FOR_RECOMMENDATION = new RegExp(String.raw` ${oneOf("you anyone anybody someone somebody u y'all")} ${oneOf('recommend suggest')}\b`);
const NOT_RECOMMENDING = new RegExp(String.raw` ${NEG} (?:\w+ )?${oneOf('recommend fly buy shop order stay book use')}\b`);

// Things a customer wants, not things a customer wants back: "want to get a refund" is no purchase.
const NOT_A_PURCHASE = String.raw`(?!(?:a |an |my |the |some |our )?${oneOf(`refund answer response reply hold help through home back
  touch in_touch compensation update someone somebody agent human person money flight_changed rebooked off`)})`;
const WANTING = 'thinking thinkin considering planning want wanna dying hoping looking';
const PURCHASE_INTENT = anyOf([
  String.raw` ${oneOf(`${WANTING} plan going gonna ready about intend intending decided deciding trying need`)} (?:of |about |on |to |for )?` +
    String.raw`${oneOf('buy buying purchase purchasing order ordering pre_order pre_ordering book booking upgrade upgrading')}\b`,
  String.raw` ${oneOf(WANTING)} (?:of |about |on |to |for )?${oneOf('get getting grab grabbing pick_up picking_up')} ${NOT_A_PURCHASE}`,
  String.raw` ${oneOf('where how')} ${oneOf('can do could would should')} ${oneOf('i we one')} ${oneOf('buy get find order purchase book pre_order')} ${NOT_A_PURCHASE}`,
  String.raw` should ${oneOf('i we')} ${oneOf('buy get order go_with book choose')}\b`,
  String.raw` how much ${oneOf('is are does do for would')}\b| price ${oneOf('of for')}\b`,
  String.raw` ${oneOf('is are')} ${oneOf('it this they these that')} (?:worth ${oneOf('it buying the_money')}|in stock|available)\b`,
  String.raw` (?:back )?in stock\b| take my money\b| add(?:ed)? (?:it )?to (?:my )?${oneOf('cart basket')}\b`,
  String.raw` ${oneOf("can't cant cannot")} wait to ${oneOf('get buy order try own')}\b`,
  String.raw` ${oneOf('do does')} ${oneOf('you u it this')} ${oneOf('sell ship deliver stock carry come_in')}\b`,
  String.raw` ${oneOf('when where')} ${oneOf('will is does do can')} .{0,40}${oneOf('available be_released release in_stock go_on_sale launch ship')}\b`,
  String.raw` ${oneOf('i we')} ${oneOf('need want')} ${oneOf('a an')} new\b| ${oneOf('i we')} want ${oneOf('to_buy one')}\b`,
]);
const NO_PURCHASE = new RegExp(
  String.raw` ${oneOf("not never won't wont no_longer")} (?:going to |gonna |ever )?${oneOf('buy buying order ordering book booking get getting')}\b`,
);

const USING = oneOf(`fly flying buy buying use using shop shopping order ordering book booking stay staying eat eating come
  coming go going return returning travel traveling travelling`);
const CHURN_RISK = anyOf([
  // Not a change within the same brand: "switch to an earlier flight", "switch to the family plan".
  String.raw` ${oneOf('switch switching switched jumping_ship jump_ship')} (?:over )?to ` +
    String.raw`(?!(?:a |an |the |my |another |other |different )?(?:${oneOf('earlier later new different other cheaper bigger smaller family annual monthly')} )?` +
    String.raw`${oneOf('flight flights seat seats date time plan gate day room size color colour model version aisle window economy business premium first account number card app tab mode')}\b)`,
  String.raw` ${oneOf('switch switching change changing')} ${oneOf('carriers providers airlines banks networks companies brands')}\b`,
  String.raw` ${oneOf("cancel cancelling canceling cancelled canceled end ending close closing terminate terminating quit quitting not_renewing won't_renew wont_renew")} ` +
    String.raw`${oneOf('my our the')} ${oneOf('subscription account membership plan service contract card policy sub prime netflix cable internet')}\b`,
  String.raw` unsubscrib| never again\b| last time ${oneOf('i we')} (?:ever )?${oneOf('fly flew use used buy bought order ordered shop shopped book booked stay stayed eat ate')}\b`,
  String.raw` ${oneOf("never not won't wont will_not not_going_to never_going_to")} (?:be )?${USING}(?: \S+){0,5} again\b`,
  String.raw` ${oneOf('done finished through')} with ${oneOf("you u y'all this_company your_company your_service them")}\b`,
  String.raw` lost ${oneOf('a my our another')} ${oneOf('customer loyal_customer business')}\b| ${oneOf('take taking')} ${oneOf('my our')} ${oneOf('business money')} ${oneOf('elsewhere somewhere_else')}\b`,
  String.raw` ${oneOf('find finding look_for looking_for')} (?:a |an )?${oneOf('new different another better')} ${oneOf('airline provider carrier bank company service phone insurer isp')}\b`,
  String.raw` ${oneOf('port porting')} my number\b| ${oneOf('former ex')} customer\b| ${oneOf('goodbye bye_bye')} ${oneOf('@user forever')}\b`,
]);

const FEATURE_REQUEST = anyOf([
  String.raw` (?:i )?wish ${oneOf("you u y'all it there they the_app your_app your_site the_site this")} ${oneOf('had would could were was offered made sold did supported allowed let came added')}\b`,
  String.raw` please ${oneOf('add bring_back consider offer allow let_us support include introduce start')}\b(?! me\b)`,
  String.raw` ${oneOf("would it'd it_would that'd that_would wouldn't_it")} be (?:so |really |very )?${oneOf('nice great cool awesome amazing helpful better good lovely ideal useful')} ${oneOf('if to')}\b`,
  String.raw` ${oneOf('can could will would')} ${YOU} (?:please )?${oneOf('add bring_back offer support allow include introduce start_offering consider')}\b(?! me\b)`,
  String.raw` ${oneOf("you u y'all they")} ${oneOf('should need_to needs_to gotta ought_to')} (?:really )?${oneOf('add bring_back offer support allow include introduce start_offering consider_adding')}\b`,
  String.raw` bring back\b| feature request\b| suggestion :| i suggest\b`,
  String.raw` ${oneOf('any are_there')} plans? ${oneOf('to for')} ${oneOf('add support offer bring launch fly make introduce open')}\b`,
  String.raw` when ${oneOf('will are is')} ${oneOf("you u y'all it the_app")} (?:going to |gonna )?${oneOf('add support offer bring start launch fly get open')}\b`,
  String.raw` why ${oneOf("don't doesn't dont doesnt can't cant won't")} ${oneOf("you u y'all it the_app your_app your_site")} ${oneOf('have support offer let allow include sell fly')}\b`,
  String.raw` ${oneOf('need needs want')} ${oneOf('a an')} ${oneOf('option feature setting button way toggle')} to\b| ${oneOf('add have')} an option\b`,
]);

const PROMOTIONAL = anyOf([
  String.raw` ${oneOf('giveaway give_away giving_away sweepstakes contest')}\b`,
  String.raw` ${oneOf('chance_to_win enter_to_win to_win_a win_a win_an win_one win_free win_tickets')}\b| win \$\d`,
  String.raw` ${oneOf('use enter apply with')} (?:${oneOf('the my our promo discount coupon')} )?code\b| promo code\b| discount code\b| coupon\b`,
  String.raw` \d+% off\b| \d+ percent off\b| buy one get one\b| bogo\b`,
  String.raw` ${oneOf('click tap')} (?:${oneOf('the this my our')} )?link\b| link in ${oneOf('bio profile description')}\b`,
  String.raw` follow (?:us |me )?(?:and )?${oneOf('rt retweet')}\b| ${oneOf('rt retweet')} (?:to |and )?${oneOf('win enter follow')}\b`,
  String.raw` limited time ${oneOf('offer only deal')}\b| ${oneOf('shop buy order book download')} ${oneOf('now today')}\b| free shipping\b| flash sale\b`,
  String.raw` sale ${oneOf('ends starts now_on')}\b| deal of the day\b| ${oneOf('lowest best')} prices?\b| don't miss ${oneOf('out this')}\b`,
  String.raw` check out ${oneOf('our my')} (?:new )?${oneOf('store shop website site channel page sale product products collection deal deals offer offers video blog')}\b`,
  String.raw` sign up ${oneOf('now today here')}\b| subscribe ${oneOf('now today')}\b| earn (?:money|cash|\$\d)| make money\b`,
  String.raw` #${oneOf('ad sponsored giveaway win promo sale deal deals discount contest freebie')}\b`,
]);

/** All the intents the rules find in one mention, in the order of INTENTS. */
export function detectIntents(tokens: readonly Token[], sentiment: LexiconSentiment): Intent[] {
  const text = patternText(tokens);
  const intents: Intent[] = [];
  const promotional = PROMOTIONAL.test(text) && sentiment.label !== 'negative';
  const unhappy = sentiment.label === 'negative' || sentiment.label === 'mixed';

  const directed = aimed(tokens);
  if (!promotional && (COMPLAINT.test(text) || (directed && (unhappy || ACCUSING_QUESTION.test(text))))) intents.push('complaint');
  if (QUESTION.test(text) || QUESTION_START.test(text)) intents.push('question');
  if (!promotional && (sentiment.label === 'positive' || sentiment.label === 'mixed') && PRAISE.test(text)) intents.push('praise');
  if (!promotional && (EMPHATIC_RECOMMENDATION.test(text) || (RECOMMENDATION.test(text) && !ASKS_FOR_RECOMMENDATION.test(text) && !NOT_RECOMMENDING.test(text)))) {
    intents.push('recommendation');
  }
  if (!promotional && PURCHASE_INTENT.test(text) && !NO_PURCHASE.test(text)) intents.push('purchase_intent');
  if (CHURN_RISK.test(text)) intents.push('churn_risk');
  if (FEATURE_REQUEST.test(text)) intents.push('feature_request');
  if (promotional) intents.push('promotional');
  return intents;
}
