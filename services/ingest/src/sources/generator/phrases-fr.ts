// French phrasebook.
import { family, type LanguageBook } from './phrasebook.ts';

const phrases = [
  ...family('fr', 'complaint', 'negative', ['complaint'], [
    '{@brand} {problem} {time_ref}. {neg_feel}',
    'Merci {brand}, vraiment. {problem} et aucune explication.',
    "{@brand} ça fait {delay} que j'attends une réponse. {neg_feel}",
  ]),
  ...family('fr', 'question', 'neutral', ['question'], [
    '{@brand} bonjour, {ask} ?',
    '{@brand} petite question : {ask} ?',
    ["{@brand} quelqu'un peut m'aider ? {problem}.", { sentiment: 'negative', intents: ['question', 'complaint'] }],
  ]),
  ...family('fr', 'praise', 'positive', ['praise'], [
    '{@brand} {good_thing}. {pos_feel}',
    'Il faut le dire, {brand} : {good_thing}. {pos_emoji}',
    'Merci {@brand} ! {good_thing}.',
  ]),
  ...family('fr', 'recommendation', 'positive', ['recommendation'], [
    'Je recommande {brand} les yeux fermés. {good_thing}.',
    '{@friend} essaie {brand}, {good_thing}',
  ]),
  ...family('fr', 'purchase_intent', 'positive', ['purchase_intent'], [
    ['Je pense {buy} avec {brand}. Des avis ?', { sentiment: 'neutral', intents: ['purchase_intent', 'question'] }],
    "C'est décidé, je vais {buy} avec {brand} ce mois-ci.",
  ]),
  ...family('fr', 'churn_risk', 'negative', ['churn_risk', 'complaint'], [
    "C'est fini avec {brand}. {problem}. Plus jamais.",
    ['{@brand} je veux résilier. Ras-le-bol.', { intents: ['churn_risk'] }],
    'Je cherche une alternative à {brand}. {problem}.',
  ]),
  ...family('fr', 'feature_request', 'neutral', ['feature_request'], [
    '{@brand} svp, ajoutez {feature} !',
    ["{@brand} {feature}, c'est pour quand ?", { intents: ['feature_request', 'question'] }],
  ]),
  ...family('fr', 'mixed', 'mixed', ['praise', 'complaint'], ["J'adore {brand}, mais {bad_thing}.", '{@brand} {good_thing}, par contre {bad_thing}.']),
  ...family('fr', 'neutral', 'neutral', [], [
    'Je lis les annonces de {brand}.',
    '{@brand} je vous ai envoyé un DM.',
    ['En route pour {place} avec {brand}.', { sectors: ['airline'] }],
    ['Je configure mon nouveau {model}.', { sectors: ['phone'] }],
  ]),
  ...family('fr', 'comparison', 'positive', ['recommendation'], [
    'Passé de {brand2} à {brand}, aucun regret.',
    ['{brand} ou {brand2} ? Je dois choisir cette semaine.', { sentiment: 'neutral', intents: ['purchase_intent', 'question'] }],
  ]),
  ...family('fr', 'unbranded', 'neutral', [], [
    ["Une heure de queue à la sécurité {time_ref}", { sentiment: 'negative', intents: ['complaint'], sectors: ['airline'] }],
    ["Les billets d'avion sont hors de prix cet été", { sentiment: 'negative', intents: ['complaint'], sectors: ['airline'] }],
    ['Nouveau téléphone, nouvelle vie {pos_emoji}', { sentiment: 'positive', sectors: ['phone'] }],
    ["Quelqu'un connaît un bon réparateur de téléphones à {place} ?", { intents: ['question'], sectors: ['phone'] }],
    ['Enfin de retour à {place} {pos_emoji}', { sentiment: 'positive' }],
  ]),
];

const pools = {
  problem: {
    airline: [
      'mon vol a été annulé',
      'ma valise a été perdue',
      'mon vol a {delay} de retard',
      "on m'a changé de siège sans prévenir",
      'on est bloqués sur le tarmac depuis {delay}',
      "j'ai raté ma correspondance à {place}",
    ],
    phone: [
      'mon {model} chauffe énormément',
      'la dernière mise à jour a vidé ma batterie',
      "la réparation de mon écran a pris {delay_long}",
      "on m'a facturé une réparation sous garantie",
      'mon {model} est arrivé avec un pixel mort',
    ],
    any: ["on m'a débité deux fois", 'ma commande a été annulée sans prévenir', 'personne ne répond à mes mails'],
  },
  delay: { any: ['deux heures', '45 minutes', 'trois heures', "plus d'une heure"] },
  delay_long: { any: ['trois semaines', 'un mois', 'dix jours'] },
  time_ref: { any: ["aujourd'hui", 'encore une fois', 'hier', 'ce matin'] },
  neg_feel: { any: ['Inadmissible.', 'Lamentable.', "J'en ai marre.", 'Service client inexistant.', 'Honteux.'] },
  pos_feel: { any: ['Top !', 'Merci !', 'Bravo.', 'Au top.', 'Ravi.'] },
  good_thing: {
    airline: ["l'équipage était adorable", "on est arrivés avec 20 minutes d'avance", 'les nouveaux sièges sont très confortables', 'le wifi a marché tout le vol'],
    phone: ['la batterie tient deux jours', "l'appareil photo du {model} est bluffant de nuit", "l'écran est magnifique", 'le SAV a remplacé mon {model} en un jour'],
    any: ['le service client a tout réglé en cinq minutes', 'la livraison est arrivée en avance'],
  },
  bad_thing: {
    airline: ['le wifi ne marche jamais', 'les sièges sont de plus en plus serrés', "l'appli plante tout le temps"],
    phone: ['la batterie ne tient pas la journée', 'le chargeur est vendu à part', 'les mises à jour arrivent au compte-gouttes'],
    any: ["les prix ne font qu'augmenter", 'le service client met des jours à répondre'],
  },
  ask: {
    airline: ['le wifi est-il gratuit sur les vols internationaux', 'peut-on prendre une poussette en cabine', 'puis-je changer mon vol pour {place} sans frais'],
    phone: ['le {model} a-t-il la recharge sans fil', 'quand arrive la prochaine mise à jour', 'le {model} est-il étanche'],
    any: ['quels sont vos horaires', 'livrez-vous en Belgique'],
  },
  feature: {
    airline: ['le wifi gratuit sur les vols intérieurs', "le choix du siège dans l'appli", 'plus de place pour les jambes'],
    phone: ['un {model} plus compact', 'une charge plus rapide', "plus d'années de mises à jour"],
    any: ["un mode sombre dans l'appli", 'un chat en direct le week-end'],
  },
  buy: {
    airline: ['réserver un voyage à {place}', 'passer en classe affaires'],
    phone: ["m'acheter le {model}", 'passer au {model}', 'précommander le {model}'],
    any: ["prendre l'abonnement premium"],
  },
};

export const FRENCH: LanguageBook = { phrases, pools };
