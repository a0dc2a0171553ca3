// Spanish phrasebook (Spain and Latin America mixed, as a global feed is).
import { family, type LanguageBook } from './phrasebook.ts';

const phrases = [
  ...family('es', 'complaint', 'negative', ['complaint'], [
    '{@brand} {problem} {time_ref}. {neg_feel}',
    'Increíble lo de {brand}: {problem} y nadie da explicaciones.',
    '{@brand} llevo {delay} esperando una respuesta. {neg_feel}',
    'Gracias {brand} por arruinarme el día. {problem}.',
  ]),
  ...family('es', 'question', 'neutral', ['question'], [
    '{@brand} hola, ¿{ask}?',
    '{@brand} una pregunta: ¿{ask}?',
    ['{@brand} ¿alguien me puede ayudar? {problem}.', { sentiment: 'negative', intents: ['question', 'complaint'] }],
  ]),
  ...family('es', 'praise', 'positive', ['praise'], [
    '{@brand} {good_thing}. {pos_feel}',
    'Hay que decirlo, {brand}: {good_thing}. {pos_emoji}',
    '¡Gracias {@brand}! {good_thing}.',
  ]),
  ...family('es', 'recommendation', 'positive', ['recommendation'], [
    'Si buscáis algo fiable, {brand} sin duda. {good_thing}.',
    '{@friend} prueba {brand}, {good_thing}',
  ]),
  ...family('es', 'purchase_intent', 'positive', ['purchase_intent'], [
    ['Estoy pensando en {buy} con {brand}. ¿Alguien lo ha probado?', { sentiment: 'neutral', intents: ['purchase_intent', 'question'] }],
    'Decidido: voy a {buy} con {brand} este mes.',
  ]),
  ...family('es', 'churn_risk', 'negative', ['churn_risk', 'complaint'], [
    'Se acabó, {brand}. {problem}. No vuelvo más.',
    ['{@brand} quiero darme de baja. Estoy harto.', { intents: ['churn_risk'] }],
    'Buscando alternativas a {brand} después de esto: {problem}.',
  ]),
  ...family('es', 'feature_request', 'neutral', ['feature_request'], [
    '{@brand} por favor, añadid {feature}.',
    ['{@brand} ¿para cuándo {feature}?', { intents: ['feature_request', 'question'] }],
  ]),
  ...family('es', 'mixed', 'mixed', ['praise', 'complaint'], ['Me encanta {brand}, pero {bad_thing}.', '{@brand} {good_thing}, aunque {bad_thing}.']),
  ...family('es', 'neutral', 'neutral', [], [
    'Leyendo las novedades de {brand}.',
    '{@brand} os he mandado un DM.',
    ['Embarcando con {brand} rumbo a {place}.', { sectors: ['airline'] }],
    ['Configurando mi nuevo {model}.', { sectors: ['phone'] }],
  ]),
  ...family('es', 'comparison', 'positive', ['recommendation'], [
    'Me cambié de {brand2} a {brand} y no me arrepiento.',
    ['¿{brand} o {brand2}? Tengo que decidir esta semana.', { sentiment: 'neutral', intents: ['purchase_intent', 'question'] }],
  ]),
  ...family('es', 'unbranded', 'neutral', [], [
    ['Qué colas en el control de seguridad {time_ref}', { sentiment: 'negative', intents: ['complaint'], sectors: ['airline'] }],
    ['Los vuelos están carísimos este verano', { sentiment: 'negative', intents: ['complaint'], sectors: ['airline'] }],
    ['Móvil nuevo, vida nueva {pos_emoji}', { sentiment: 'positive', sectors: ['phone'] }],
    ['¿Alguien sabe de un buen sitio para arreglar el móvil en {place}?', { intents: ['question'], sectors: ['phone'] }],
    ['Por fin de vuelta en {place} {pos_emoji}', { sentiment: 'positive' }],
  ]),
];

const pools = {
  problem: {
    airline: [
      'me cancelaron el vuelo',
      'perdieron mi maleta',
      'me retrasaron el vuelo {delay}',
      'me cambiaron el asiento sin avisar',
      'nos tuvieron en la pista {delay}',
      'me hicieron perder la conexión en {place}',
      'me cobraron dos veces la maleta',
    ],
    phone: [
      'mi {model} se calienta muchísimo',
      'la última actualización me dejó sin batería',
      'tardaron {delay_long} en arreglar mi pantalla',
      'me cobraron una reparación en garantía',
      'me mandaron un {model} con un píxel muerto',
      'la cámara del {model} se cierra sola',
    ],
    any: ['me cobraron dos veces', 'cancelaron mi pedido sin avisar', 'me tuvieron en espera {delay}', 'nadie responde a mis correos'],
  },
  delay: { any: ['dos horas', '45 minutos', 'tres horas', 'más de una hora', 'casi cuatro horas'] },
  delay_long: { any: ['tres semanas', 'un mes', 'diez días'] },
  time_ref: { any: ['hoy', 'otra vez', 'ayer', 'esta mañana', 'por segunda vez este mes'] },
  neg_feel: { any: ['Qué vergüenza.', 'Increíble.', 'Estoy harto.', 'Pésimo servicio.', 'Una tomadura de pelo.', 'Fatal.'] },
  pos_feel: { any: ['¡Genial!', 'Muy contento.', '¡Gracias!', 'Un diez.', 'Así da gusto.'] },
  good_thing: {
    airline: ['la tripulación fue encantadora', 'llegamos 20 minutos antes', 'los asientos nuevos son comodísimos', 'el wifi funcionó todo el vuelo', 'me subieron a business sin pedirlo'],
    phone: ['la batería me dura dos días', 'la cámara del {model} es espectacular de noche', 'la pantalla es preciosa', 'el soporte me cambió el {model} en un día'],
    any: ['el soporte lo resolvió en minutos', 'el pedido llegó un día antes'],
  },
  bad_thing: {
    airline: ['el wifi nunca funciona', 'los asientos son cada vez más pequeños', 'la app se cuelga siempre'],
    phone: ['la batería no llega al final del día', 'el cargador se vende aparte', 'las actualizaciones tardan una eternidad'],
    any: ['los precios no paran de subir', 'el soporte tarda días en responder'],
  },
  ask: {
    airline: ['el wifi es gratis en vuelos internacionales', 'puedo llevar el carrito del bebé a bordo', 'se puede cambiar el vuelo a {place} sin coste', 'hay sala VIP en {place}'],
    phone: ['el {model} tiene carga inalámbrica', 'cuándo llega la próxima actualización', 'el {model} es resistente al agua', 'hay descuento para estudiantes'],
    any: ['cuál es el horario de atención', 'hacen envíos a México'],
  },
  feature: {
    airline: ['wifi gratis en vuelos nacionales', 'elegir asiento desde la app', 'más espacio para las piernas'],
    phone: ['una versión más pequeña del {model}', 'carga más rápida', 'más años de actualizaciones'],
    any: ['modo oscuro en la app', 'chat en directo los fines de semana'],
  },
  buy: {
    airline: ['reservar un viaje a {place}', 'pasarme a business', 'sacar su tarjeta de puntos'],
    phone: ['comprarme el {model}', 'cambiarme al {model}', 'reservar el {model}'],
    any: ['contratar el plan premium', 'hacer un pedido grande'],
  },
};

export const SPANISH: LanguageBook = { phrases, pools };
