import { eld } from 'eld/small';
import { describe, expect, it } from 'vitest';
import { eldSmall } from './eld-small.ts';

// Mentions in many languages and scripts, as people write them (typos, slang, emoji, handles, links, digits).
const SENTENCES = [
  '@united my flight is delayed 3 hours and nobody at the gate knows anything',
  'Loving the new Orbit X2, battery lasts all day!!',
  'worst customer service ever, never flying with you again #fail',
  'Mi vuelo fue cancelado y nadie me responde, qué vergüenza',
  '¿Alguien sabe por qué la app no funciona desde ayer? 😡',
  'Merci beaucoup pour votre aide rapide, le service était impeccable !',
  "J'ai perdu ma valise à Roissy et personne ne répond au téléphone",
  'Mein Koffer ist verloren gegangen und niemand hilft mir',
  'Die Lieferung kam zwei Tage zu spät, echt ärgerlich.',
  'Il volo è stato cancellato senza preavviso, servizio clienti pessimo',
  'Adoro questo telefono, la fotocamera è fantastica',
  'O atendimento foi péssimo, esperei duas horas na fila',
  'Obrigado pela ajuda, vocês são demais!',
  'Mijn pakket is nog steeds niet aangekomen, wat een slechte service',
  'Jag har väntat i en timme på kundtjänst, helt otroligt',
  'Jeg har ventet på svar i tre dager nå, dette er ikke greit',
  'Tak for hurtig levering, jeg er meget tilfreds',
  'Lentoni myöhästyi kolme tuntia eikä kukaan kertonut mitään',
  'Minu pakk jäi teele ja keegi ei vasta kirjadele',
  'Mój lot został odwołany, a obsługa klienta w ogóle nie odpowiada',
  'Děkuji za rychlou pomoc, všechno funguje skvěle',
  'Objednávka prišla poškodená a nikto mi neodpovedá',
  'Hvala za hitro dostavo, zelo sem zadovoljen',
  'Let je otkazan, a nitko nam nije ništa rekao',
  'A járatot törölték, és senki nem segített nekünk a repülőtéren',
  'Zborul a fost anulat și nimeni nu ne-a spus nimic',
  'Uçuşum iptal edildi ve kimse bilgi vermiyor, rezalet',
  'Skrydis atšauktas, niekas nieko nepaaiškino',
  'Lidojums tika atcelts un neviens mums neko nepaskaidroja',
  'Fluginu var aflýst og enginn sagði okkur neitt',
  'Fluturimi u anulua dhe askush nuk na tha asgjë',
  'Hegaldia bertan behera geratu da eta inork ez digu ezer esan',
  "El vol s'ha cancel·lat i ningú ens ha dit res",
  'Penerbangan saya dibatalkan dan tiada siapa yang memberitahu kami',
  'Na-cancel ang flight namin at walang nagsabi sa amin kung bakit',
  'Chuyến bay của tôi bị hủy mà không ai thông báo gì cả',
  'Ọkọ ofurufu wa ti fagile, ko si ẹnikan ti o sọ fun wa',
  'Uçuşumuz ləğv edildi və heç kim bizə heç nə demədi',
  'Мой рейс задержали на три часа, никто ничего не объясняет',
  'Мій рейс скасували, і ніхто нічого не пояснив',
  'Полетът ми беше отменен и никой не ни каза нищо',
  'Мой рэйс адмянілі, і ніхто нам нічога не сказаў',
  'Мој лет је отказан и нико нам ништа није рекао',
  'Η πτήση μου ακυρώθηκε και κανείς δεν μας είπε τίποτα',
  'הטיסה שלי בוטלה ואף אחד לא אמר לנו כלום',
  'تم إلغاء رحلتي ولم يخبرنا أحد بأي شيء',
  'پرواز من لغو شد و هیچ کس چیزی به ما نگفت',
  'میری پرواز منسوخ ہو گئی اور کسی نے ہمیں کچھ نہیں بتایا',
  'گەشتەکەم هەڵوەشایەوە و کەس هیچی پێ نەوتین',
  'मेरी उड़ान रद्द हो गई और किसी ने हमें कुछ नहीं बताया',
  'माझे विमान रद्द झाले आणि कोणीही आम्हाला काही सांगितले नाही',
  'আমার ফ্লাইট বাতিল হয়েছে এবং কেউ আমাদের কিছু বলেনি',
  'ਮੇਰੀ ਉਡਾਣ ਰੱਦ ਹੋ ਗਈ ਅਤੇ ਕਿਸੇ ਨੇ ਸਾਨੂੰ ਕੁਝ ਨਹੀਂ ਦੱਸਿਆ',
  'મારી ફ્લાઇટ રદ થઈ ગઈ અને કોઈએ અમને કંઈ કહ્યું નહીં',
  'ମୋର ବିମାନ ବାତିଲ ହୋଇଗଲା ଏବଂ କେହି ଆମକୁ କିଛି କହିଲେ ନାହିଁ',
  'என் விமானம் ரத்து செய்யப்பட்டது, யாரும் எதுவும் சொல்லவில்லை',
  'నా విమానం రద్దు చేయబడింది మరియు ఎవరూ మాకు ఏమీ చెప్పలేదు',
  'ನನ್ನ ವಿಮಾನ ರದ್ದಾಗಿದೆ ಮತ್ತು ಯಾರೂ ನಮಗೆ ಏನೂ ಹೇಳಲಿಲ್ಲ',
  'എന്റെ വിമാനം റദ്ദാക്കി, ആരും ഞങ്ങളോട് ഒന്നും പറഞ്ഞില്ല',
  'เที่ยวบินของฉันถูกยกเลิกและไม่มีใครบอกอะไรเราเลย',
  'ຖ້ຽວບິນຂອງຂ້ອຍຖືກຍົກເລີກ ແລະບໍ່ມີໃຜບອກຫຍັງພວກເຮົາ',
  'ჩემი ფრენა გაუქმდა და არავინ არაფერი გვითხრა',
  'Իմ չվերթը չեղարկվեց, և ոչ ոք մեզ ոչինչ չասաց',
  'በረራዬ ተሰርዟል እና ማንም ምንም አልነገረንም',
  '我的航班被取消了，没有人告诉我们任何事情',
  '私のフライトがキャンセルされましたが、誰も何も教えてくれませんでした',
  '제 항공편이 취소되었는데 아무도 아무것도 알려주지 않았어요',
  'lol ok',
  'gracias',
  'ok 👍',
  'the',
  'ñ',
  "don't won’t can`t l'avion",
  'ÇA NE MARCHE PAS DU TOUT !!!',
  'İstanbul Havalimanı çok kalabalık',
  'straße STRASSE Straße',
  'wow wow wow wow',
  '123 456 https://t.co/abc #hashtag @handle',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '𝕳𝖊𝖑𝖑𝖔 𝖜𝖔𝖗𝖑𝖉 and 𠜎𠜱 in astral planes',
  '',
  '   ',
];

/** Every sentence; its first 1..4 words; pairs of sentences mixing languages; and long repetitions past eld's cuts. */
function texts(): string[] {
  const all = [...SENTENCES];
  for (const s of SENTENCES) {
    const words = s.split(' ');
    for (let n = 1; n <= Math.min(4, words.length - 1); n++) all.push(words.slice(0, n).join(' '));
    all.push(s.toUpperCase(), `${s} ${s}`.repeat(6));
  }
  for (let i = 0; i < SENTENCES.length; i++) all.push(`${SENTENCES[i]} ${SENTENCES[(i * 7 + 3) % SENTENCES.length]}`);
  return all;
}

describe('eldSmall', () => {
  const cases = texts();

  it('gives eld/small’s language and reliability for every text', () => {
    expect(cases.length).toBeGreaterThan(500);
    const mine = cases.map((t) => {
      const g = eldSmall.detect(t);
      return { t, language: g.language, reliable: g.isReliable() };
    });
    const eld2 = cases.map((t) => {
      const g = eld.detect(t);
      return { t, language: g.language, reliable: g.isReliable() };
    });
    expect(mine).toEqual(eld2);
  });

  it('names the languages of whole sentences, reliably for most', () => {
    const languages = new Set(SENTENCES.map((s) => eldSmall.detect(s).language));
    expect(languages.size).toBeGreaterThan(50);
    expect(eldSmall.detect('Mein Koffer ist verloren gegangen und niemand hilft mir')).toMatchObject({ language: 'de' });
    expect(eldSmall.detect('Mein Koffer ist verloren gegangen und niemand hilft mir').isReliable()).toBe(true);
    expect(eldSmall.detect('').language).toBe('');
    expect(eldSmall.detect('').isReliable()).toBe(false);
  });
});
