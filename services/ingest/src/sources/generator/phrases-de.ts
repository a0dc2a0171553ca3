// German phrasebook. Fragments are main clauses; templates join them with a colon or "aber" so that German
// word order (verb second) never depends on what precedes a fragment.
import { family, type LanguageBook } from './phrasebook.ts';

const phrases = [
  ...family('de', 'complaint', 'negative', ['complaint'], [
    '{@brand} {problem}, {time_ref}. {neg_feel}',
    'Danke {brand}, wirklich. {problem} und keiner sagt warum.',
    '{@brand} warte seit {delay} auf eine Antwort. {neg_feel}',
  ]),
  ...family('de', 'question', 'neutral', ['question'], [
    '{@brand} hallo, {ask}?',
    '{@brand} kurze Frage: {ask}?',
    ['{@brand} kann mir bitte jemand helfen? {problem}.', { sentiment: 'negative', intents: ['question', 'complaint'] }],
  ]),
  ...family('de', 'praise', 'positive', ['praise'], [
    '{@brand} {good_thing}. {pos_feel}',
    'Muss mal gesagt werden, {brand}: {good_thing}. {pos_emoji}',
    'Danke {@brand}! {good_thing}.',
  ]),
  ...family('de', 'recommendation', 'positive', ['recommendation'], [
    'Kann {brand} nur empfehlen. {good_thing}.',
    '{@friend} probier mal {brand}, {good_thing}',
  ]),
  ...family('de', 'purchase_intent', 'positive', ['purchase_intent'], [
    ['Überlege gerade, {buy}. Hat jemand Erfahrungen mit {brand}?', { sentiment: 'neutral', intents: ['purchase_intent', 'question'] }],
    'Es ist entschieden, diesen Monat geht es zu {brand}. Freue mich schon {pos_emoji}',
  ]),
  ...family('de', 'churn_risk', 'negative', ['churn_risk', 'complaint'], [
    "Das war's, {brand}. {problem}. Nie wieder.",
    ["{@brand} ich will kündigen. Mir reicht's.", { intents: ['churn_risk'] }],
    'Suche Alternativen zu {brand}. {problem}.',
  ]),
  ...family('de', 'feature_request', 'neutral', ['feature_request'], [
    '{@brand} bitte {feature} einführen!',
    ['{@brand} wann kommt endlich {feature}?', { intents: ['feature_request', 'question'] }],
  ]),
  ...family('de', 'mixed', 'mixed', ['praise', 'complaint'], ['Ich mag {brand}, aber {bad_thing}.', '{@brand} {good_thing}, aber {bad_thing}.']),
  ...family('de', 'neutral', 'neutral', [], [
    'Lese gerade die Neuigkeiten von {brand}.',
    '{@brand} DM ist raus.',
    ['Boarding bei {brand}, Richtung {place}.', { sectors: ['airline'] }],
    ['Richte gerade mein neues {model} ein.', { sectors: ['phone'] }],
  ]),
  ...family('de', 'comparison', 'positive', ['recommendation'], [
    'Von {brand2} zu {brand} gewechselt und nie bereut.',
    ['{brand} oder {brand2}? Muss mich diese Woche entscheiden.', { sentiment: 'neutral', intents: ['purchase_intent', 'question'] }],
  ]),
  ...family('de', 'unbranded', 'neutral', [], [
    ['Eine Stunde Schlange an der Sicherheitskontrolle, {time_ref}', { sentiment: 'negative', intents: ['complaint'], sectors: ['airline'] }],
    ['Flüge sind diesen Sommer absurd teuer', { sentiment: 'negative', intents: ['complaint'], sectors: ['airline'] }],
    ['Neues Handy, neues Glück {pos_emoji}', { sentiment: 'positive', sectors: ['phone'] }],
    ['Kennt jemand eine gute Handywerkstatt in {place}?', { intents: ['question'], sectors: ['phone'] }],
    ['Endlich wieder in {place} {pos_emoji}', { sentiment: 'positive' }],
  ]),
];

const pools = {
  problem: {
    airline: [
      'mein Flug wurde gestrichen',
      'mein Koffer ist weg',
      'mein Flug hat {delay} Verspätung',
      'wir stehen seit {delay} auf dem Rollfeld',
      'mein Sitzplatz wurde ohne Info geändert',
      'ich habe meinen Anschluss in {place} verpasst',
    ],
    phone: [
      'mein {model} wird extrem heiß',
      'das letzte Update hat meinen Akku ruiniert',
      'die Displayreparatur hat {delay_long} gedauert',
      'mir wurde eine Garantiereparatur berechnet',
      'mein {model} kam mit einem toten Pixel',
    ],
    any: ['mir wurde doppelt abgebucht', 'meine Bestellung wurde ohne Info storniert', 'niemand antwortet auf meine Mails'],
  },
  delay: { any: ['zwei Stunden', '45 Minuten', 'drei Stunden', 'anderthalb Stunden'] },
  delay_long: { any: ['drei Wochen', 'einen Monat', 'zehn Tage'] },
  time_ref: { any: ['heute', 'schon wieder', 'gestern', 'heute Morgen'] },
  neg_feel: { any: ['Unfassbar.', 'Echt ärgerlich.', 'Frechheit.', 'Katastrophe.', 'Ich bin bedient.'] },
  pos_feel: { any: ['Super!', 'Danke!', 'Top.', 'Klasse.', 'Sehr zufrieden.'] },
  good_thing: {
    airline: ['die Crew war super freundlich', 'wir sind 20 Minuten früher gelandet', 'die neuen Sitze sind echt bequem', 'das WLAN lief den ganzen Flug'],
    phone: ['der Akku hält locker zwei Tage', 'die Kamera vom {model} ist nachts der Wahnsinn', 'das Display ist wunderschön', 'der Support hat mein {model} in einem Tag getauscht'],
    any: ['der Support hat alles in Minuten gelöst', 'die Lieferung kam einen Tag früher'],
  },
  bad_thing: {
    airline: ['das WLAN funktioniert nie', 'die Sitze werden immer enger', 'die App stürzt ständig ab'],
    phone: ['der Akku hält keinen Tag', 'das Ladegerät kostet extra', 'Updates dauern ewig'],
    any: ['die Preise steigen ständig', 'der Support braucht Tage für eine Antwort'],
  },
  ask: {
    airline: ['ist das WLAN auf Langstrecke kostenlos', 'darf ich einen Kinderwagen mit an Bord nehmen', 'kann ich meinen Flug nach {place} kostenlos umbuchen'],
    phone: ['unterstützt das {model} kabelloses Laden', 'wann kommt das nächste Update', 'ist das {model} wasserdicht'],
    any: ['wie sind eure Öffnungszeiten', 'liefert ihr auch nach Österreich'],
  },
  feature: {
    airline: ['kostenloses WLAN auf Inlandsflügen', 'Sitzplatzwahl in der App', 'mehr Beinfreiheit'],
    phone: ['ein kleineres {model}', 'schnelleres Laden', 'mehr Jahre Updates'],
    any: ['Dark Mode in der App', 'Live-Chat am Wochenende'],
  },
  buy: {
    airline: ['eine Reise nach {place} zu buchen', 'auf Business upzugraden'],
    phone: ['mir das {model} zu holen', 'auf das {model} umzusteigen', 'das {model} vorzubestellen'],
    any: ['das Premium-Abo abzuschließen'],
  },
};

export const GERMAN: LanguageBook = { phrases, pools };
