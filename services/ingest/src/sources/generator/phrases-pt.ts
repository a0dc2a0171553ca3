// Portuguese phrasebook (Brazilian usage).
import { family, type LanguageBook } from './phrasebook.ts';

const phrases = [
  ...family('pt', 'complaint', 'negative', ['complaint'], [
    '{@brand} {problem} {time_ref}. {neg_feel}',
    'Valeu {brand}, de verdade. {problem} e ninguém explica nada.',
    '{@brand} esperando resposta há {delay}. {neg_feel}',
  ]),
  ...family('pt', 'question', 'neutral', ['question'], [
    '{@brand} oi, {ask}?',
    '{@brand} uma dúvida: {ask}?',
    ['{@brand} alguém pode me ajudar? {problem}.', { sentiment: 'negative', intents: ['question', 'complaint'] }],
  ]),
  ...family('pt', 'praise', 'positive', ['praise'], [
    '{@brand} {good_thing}. {pos_feel}',
    'Tenho que falar, {brand}: {good_thing}. {pos_emoji}',
    'Obrigado {@brand}! {good_thing}.',
  ]),
  ...family('pt', 'recommendation', 'positive', ['recommendation'], [
    'Recomendo {brand} de olhos fechados. {good_thing}.',
    '{@friend} testa {brand}, {good_thing}',
  ]),
  ...family('pt', 'purchase_intent', 'positive', ['purchase_intent'], [
    ['Pensando em {buy}. Alguém já teve experiência com {brand}?', { sentiment: 'neutral', intents: ['purchase_intent', 'question'] }],
    'Decidido: vou {buy} este mês. {brand}, aí vou eu!',
  ]),
  ...family('pt', 'churn_risk', 'negative', ['churn_risk', 'complaint'], [
    'Chega, {brand}. {problem}. Nunca mais.',
    ['{@brand} quero cancelar. Cansei.', { intents: ['churn_risk'] }],
    'Procurando alternativa para {brand}. {problem}.',
  ]),
  ...family('pt', 'feature_request', 'neutral', ['feature_request'], [
    '{@brand} por favor, adicionem {feature}!',
    ['{@brand} quando vem {feature}?', { intents: ['feature_request', 'question'] }],
  ]),
  ...family('pt', 'mixed', 'mixed', ['praise', 'complaint'], ['Adoro {brand}, mas {bad_thing}.', '{@brand} {good_thing}, mas {bad_thing}.']),
  ...family('pt', 'neutral', 'neutral', [], [
    'Lendo as novidades de {brand}.',
    '{@brand} mandei DM.',
    ['Embarcando com {brand} para {place}.', { sectors: ['airline'] }],
    ['Configurando meu {model} novo.', { sectors: ['phone'] }],
  ]),
  ...family('pt', 'comparison', 'positive', ['recommendation'], [
    'Troquei {brand2} por {brand} e não me arrependo.',
    ['{brand} ou {brand2}? Preciso decidir essa semana.', { sentiment: 'neutral', intents: ['purchase_intent', 'question'] }],
  ]),
  ...family('pt', 'unbranded', 'neutral', [], [
    ['Fila enorme na segurança do aeroporto {time_ref}', { sentiment: 'negative', intents: ['complaint'], sectors: ['airline'] }],
    ['Passagens aéreas caríssimas esse ano', { sentiment: 'negative', intents: ['complaint'], sectors: ['airline'] }],
    ['Celular novo, vida nova {pos_emoji}', { sentiment: 'positive', sectors: ['phone'] }],
    ['Alguém conhece uma boa assistência de celular em {place}?', { intents: ['question'], sectors: ['phone'] }],
    ['Finalmente de volta a {place} {pos_emoji}', { sentiment: 'positive' }],
  ]),
];

const pools = {
  problem: {
    airline: ['cancelaram meu voo', 'perderam minha mala', 'meu voo atrasou {delay}', 'trocaram meu assento sem avisar', 'ficamos {delay} parados na pista', 'perdi a conexão em {place}'],
    phone: [
      'meu {model} esquenta demais',
      'a última atualização acabou com a bateria',
      'levaram {delay_long} para consertar minha tela',
      'me cobraram um reparo na garantia',
      'meu {model} veio com um pixel morto',
    ],
    any: ['me cobraram duas vezes', 'cancelaram meu pedido sem avisar', 'ninguém responde meus e-mails'],
  },
  delay: { any: ['duas horas', '45 minutos', 'três horas', 'mais de uma hora'] },
  delay_long: { any: ['três semanas', 'um mês', 'dez dias'] },
  time_ref: { any: ['hoje', 'de novo', 'ontem', 'hoje cedo'] },
  neg_feel: { any: ['Absurdo.', 'Que vergonha.', 'Cansei.', 'Péssimo atendimento.', 'Ridículo.'] },
  pos_feel: { any: ['Amei!', 'Obrigado!', 'Nota 10.', 'Muito bom.', 'Show!'] },
  good_thing: {
    airline: ['a tripulação foi um amor', 'chegamos 20 minutos antes', 'as poltronas novas são muito confortáveis', 'o wifi funcionou o voo inteiro'],
    phone: ['a bateria dura dois dias fácil', 'a câmera do {model} é absurda à noite', 'a tela é linda', 'o suporte trocou meu {model} em um dia'],
    any: ['o suporte resolveu em minutos', 'a entrega chegou um dia antes'],
  },
  bad_thing: {
    airline: ['o wifi nunca funciona', 'as poltronas estão cada vez menores', 'o app trava o tempo todo'],
    phone: ['a bateria não dura o dia', 'o carregador é vendido à parte', 'as atualizações demoram uma eternidade'],
    any: ['os preços só sobem', 'o suporte demora dias para responder'],
  },
  ask: {
    airline: ['o wifi é grátis em voos internacionais', 'posso levar carrinho de bebê a bordo', 'dá para remarcar o voo para {place} sem taxa'],
    phone: ['o {model} tem carregamento sem fio', 'quando sai a próxima atualização', "o {model} é à prova d'água"],
    any: ['qual o horário de atendimento', 'vocês entregam em Portugal'],
  },
  feature: {
    airline: ['wifi grátis em voos nacionais', 'escolha de assento pelo app', 'mais espaço para as pernas'],
    phone: ['um {model} menor', 'carregamento mais rápido', 'mais anos de atualização'],
    any: ['modo escuro no app', 'chat ao vivo no fim de semana'],
  },
  buy: {
    airline: ['comprar uma viagem para {place}', 'fazer upgrade para executiva'],
    phone: ['comprar o {model}', 'trocar para o {model}', 'fazer a pré-venda do {model}'],
    any: ['assinar o plano premium'],
  },
};

export const PORTUGUESE: LanguageBook = { phrases, pools };
