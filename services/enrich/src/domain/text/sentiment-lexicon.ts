// The built-in English sentiment vocabulary, on VADER's scale (−4 … +4), written for customer-service mentions:
// what went wrong with a flight, an order, a device or an account weighs as much as the words people use for it.
// Words that requests and questions are made of ("help", "please", "need", "change", "question", "info") are left
// out on purpose: asking for something is not being unhappy, and customer-service text is full of asking.

function words(spec: ReadonlyArray<readonly [number, string]>): Map<string, number> {
  const map = new Map<string, number>();
  for (const [valence, list] of spec) {
    for (const w of list.split(/\s+/)) if (w !== '') map.set(w, valence);
  }
  return map;
}

export const WORD_VALENCE: ReadonlyMap<string, number> = words([
  // Delight and strong praise.
  [3.4, `amazing awesome awsome fantastic incredible outstanding phenomenal superb excellent exceptional brilliant
         wonderful marvelous marvellous magnificent spectacular stellar flawless perfect perfection perfectly
         extraordinary fabulous fab terrific splendid sublime exquisite impeccable`],
  [3.2, `love loved loves loving lovin luv adore adored adores best greatest ecstatic thrilled overjoyed delighted
         delightful heavenly gorgeous beautiful stunning breathtaking hero heroes legend legends rockstar rockstars
         lifesaver lifesavers godsend blessed`],
  // Praise, thanks, a problem solved.
  [2.8, `great excited exciting happy happier happiest pleased joy joyful enjoy enjoyed enjoying enjoys impressed
         impressive fun wow woohoo yay yayy hooray congrats congratulations kudos bravo grateful gratefully thankful
         appreciative appreciate appreciated appreciates appreciation recommend recommended recommending lovely
         pleasant pleasure superstar champ exceptionally thrilling excellence`],
  [2.6, `friendliest smoothest cutest coolest finest comfiest cleanest easiest quickest heaven compliment compliments
         luckily resolving nicest kindest sweetest smoothly painless pleasantly wonderfully beautifully blessing stoked psyched pumped
         awesomeness greatness helpfulness efficiently courteously rocks`],
  [2.2, `good nice cool sweet helpful friendly courteous polite kind kindly kindness caring considerate professional
         professionalism attentive accommodating generous gracious warm welcoming smooth seamless efficient
         effortless quick quickly prompt promptly speedy fast swift comfy comfortable cozy clean spotless reliable
         dependable trustworthy honest easy convenient solid thanks thank thx thnx thanx ty tysm cheers props fav
         favorite favourite fave win winner winning worth worthwhile valuable useful enjoyable fantastically
         satisfied satisfying satisfaction relieved relief resolved solved fixed sorted rescued upgrade upgraded
         bonus refunded reimbursed compensated smile smiles smiling laugh laughing proud safe safely gem classy
         elegant stylish luxurious spacious roomy tasty delicious yummy improved improvement`],
  // Mild approval, often said in passing.
  // "ok" acknowledges more often than it approves (VADER: 0.9 to 1.2).
  [0.9, `ok okay`],
  [1.5, `fine decent alright glad welcome welcomed interesting nicely neat handy early ontime responsive
         informative clear quiet calm patient patience understanding supportive reasonable luck lucky fortunate
         fortunately excite liked likes congrat hurray hurrah phew`],
  [1, `free hopeful hopefully apology apologized apologised apologies better saved fresh`],
  [0.8, `lol haha hahaha lmao hehe hope cheap cheaper affordable bargain fair`],
  // Anger, disgust, contempt.
  [-3.4, `worst horrible horrendous horrid terrible awful atrocious abysmal appalling dreadful disgusting
          disgraceful despicable deplorable shameful shameless pathetic outrageous outraged unacceptable inexcusable
          unforgivable unbelievably disgusted furious livid enraged infuriating infuriated nightmare nightmarish
          hell hellish disaster disastrous catastrophe catastrophic fiasco debacle scam scammed scammers scammer
          fraud fraudulent thieves thief robbed robbery criminal hate hated hates hating loathe despise abomination
          garbage trash rubbish crap crappy shit shitty shite bullshit fuck fucked fck fuk wtf ffs fml gtfo sucks
          sucked suck sucky suckiest`],
  // Bad service and the feelings it leaves.
  [-2.6, `bad poor poorly lousy rude rudely rudeness disrespectful insulting insulted unprofessional incompetent
          incompetence useless worthless hopeless clueless careless negligent negligence ridiculous ridiculously
          absurd ludicrous insane joke joking laughable angry anger mad pissed annoyed annoying annoys irritated
          irritating frustrated frustrating frustration frustrates disappointed disappointing disappointment
          disappoints disappoint upset upsetting unhappy sad saddened miserable misery depressing depressed
          heartbroken gutted devastated distraught ruined ruin ruins wasted waste wasting stranded stuck trapped
          lied lie lies lying liar liars misleading misled deceived deceptive dishonest ripoff overcharged
          overcharging overpriced extortion unreliable unusable broken damaged destroyed smashed ugh ugly gross
          nasty filthy dirty smelly stinks stinky moldy mouldy rotten stale inedible uncomfortable cramped dangerous
          unsafe scary scared terrified neglected ignored ignoring ignores abandoned mistreated mishandled
          mismanaged mismanagement chaos chaotic shambles mess messy clusterfuck stupid idiot idiots idiotic dumb
          moron morons stupidity meltdown downhill ashamed asshole assholes brutal subpar inadequate insufficient
          screwed screwing shafted cockup unacceptably incompetently disgracefully painful agony ordeal
          nonexistent clowns amateurs amateur bs belligerent jerk jerks theft stolen strand strands`],
  [-2.4, `horrific unhelpful inept disorganized unorganized lazy embarrassing unfriendly uncaring unsympathetic
          dissatisfied unsatisfied dismissive condescending arrogant hostile yelled yelling screamed screaming
          understaffed dumbest ignore lame`],
  // What goes wrong (delays, cancellations, losses, failures) and how it feels.
  [-2, `delayed delays delay delaying cancelled canceled cancelation cancellation cancellations cancelations
        cancelling canceling late lateness missed missing lost losing misplaced diverted overbooked oversold bumped
        stranding sick ill tired exhausted exhausting sleepless starving freezing boiling worried worry worrying
        concerned anxious stressed stress stressful nervous confused confusing confusion unclear inconvenient
        inconvenience inconvenienced hassle hassles headache tedious slow slowest slower sluggish failed fail fails
        failing failure error errors glitch glitches glitchy bug bugs buggy crash crashed crashes crashing freeze
        freezes frozen outage outages offline unavailable unresponsive disconnected dropped leaking leak leaked
        leaks faulty defective malfunction malfunctioning wrong incorrect mistake mistakes mistaken unfair
        unfortunately unfortunate shame shocking shocked regret regretting disgrace complain complaining complained
        complaint complaints worse blame blamed cheated refuse refused refuses refusing denied deny declined
        rejected unanswered unresolved meh smh sigh yikes eww ew argh grr grrr hmph boo booo dammit damned darn
        hangry sloppy shoddy noisy crowded uncool forgot forgotten disappeared vanished disconnect disconnects
        destroy destroys tough unreachable unhelpfully inaccurate headaches impediment stagnant groan`],
  // Problems, costs and hassle.
  [-1.6, `waited impossible unable difficult crazy tiny packed dispute cold uninformed misinformed misinformation
          excuse excuses unbelievable broke breaks lose weak aggressive annoyance embarrassed argue argued arguing`],
  [-1.3, `problem problems hungry loud`],
  [-1.2, `trouble troubles waiting waits queues longer longest expensive pricey fee fees charged surcharge penalty
          harder downgrade downgraded rerouted turbulence bumpy lacking lack lacks meager mediocre bland boring
          bored weird strange odd questionable doubt doubtful skeptical suspicious`],
  [-1.1, `issue issues`],
  [-1, `miss nope overnight awkward blows`],
  // Weak cues: alone they leave a mention neutral.
  [-0.8, `long wait queue sorry average hard limited tarmac seriously finally forever instead`],
  [-0.6, `why apparently`],
  [-0.5, `cancel refund refunds compensation rebooked rebooking`],
]);

/** Multi-word expressions scored as one unit, before single words; their words are not scored again. */
export const PHRASE_VALENCE: ReadonlyArray<readonly [string, number]> = [
  // Service failures that no single word carries.
  ['on hold', -2.2],
  ['still waiting', -2.6],
  ['still no', -2.0],
  ['still not', -2.0],
  ['still nothing', -2.4],
  ['still haven\'t', -2.4],
  ['still hasn\'t', -2.4],
  ['still havent', -2.4],
  ['still hasnt', -2.4],
  ['still don\'t', -2.0],
  ['still dont', -2.0],
  ['still can\'t', -2.2],
  ['still cant', -2.2],
  ['no one', -2.0],
  ['nobody', -2.0],
  ['no response', -2.4],
  ['no reply', -2.4],
  ['no answer', -2.2],
  ['no help', -2.4],
  ['no update', -2.0],
  ['no updates', -2.0],
  ['no info', -1.8],
  ['no information', -1.8],
  ['no explanation', -2.2],
  ['no apology', -2.2],
  ['no refund', -2.2],
  ['no compensation', -2.2],
  ['no way', -1.2],
  ['no longer', -1.0],
  ['hung up', -2.4],
  ['hang up', -2.0],
  ['hangs up', -2.2],
  ['let down', -2.4],
  ['let me down', -2.4],
  ['let us down', -2.4],
  ['fed up', -2.6],
  ['sick of', -2.6],
  ['tired of', -2.4],
  ['done with', -1.8],
  ['never again', -3.0],
  ['waste of time', -3.0],
  ['waste of money', -3.0],
  ['what a joke', -3.0],
  ['rip off', -3.0],
  ['ripped off', -3.0],
  ['screwed up', -2.8],
  ['screwed over', -3.0],
  ['messed up', -2.4],
  ['mixed up', -1.6],
  ['broke down', -2.2],
  ['fell apart', -2.4],
  ['falling apart', -2.4],
  ['going downhill', -2.6],
  ['out of stock', -1.2],
  ['sold out', -1.0],
  ['thanks for nothing', -3.2],
  ['thank you for nothing', -3.2],
  ['thanks a lot for nothing', -3.2],
  ['no thanks', -0.8],
  ['lost a customer', -3.0],
  ['lost my business', -3.0],
  ['not impressed', -2.4],
  ['not happy', -2.6],
  ['not pleased', -2.4],
  ['not satisfied', -2.4],
  ['not acceptable', -3.0],
  ['not ok', -2.2],
  ['not okay', -2.2],
  ['not cool', -2.2],
  ['missed connection', -2.4],
  ['missed my connection', -2.6],
  ['missed connecting', -2.4],
  ['customer disservice', -3.0],
  ['piece of junk', -3.2],
  ['piece of crap', -3.4],
  ['piece of shit', -3.6],
  ['over an hour', -1.6],
  ['for hours', -1.8],
  ['hours later', -1.6],
  ['all night', -1.2],
  ['all day', -1.0],
  ['do better', -2.4],
  ['could be better', -1.4],
  ['should know better', -2.2],
  // Signs of a customer running out of patience.
  ['been trying', -1.6],
  ['keep trying', -1.4],
  ['keep getting', -1.4],
  ['keeps getting', -1.4],
  ['what happened', -1.2],
  ["what's going on", -1.2],
  ['what is going on', -1.2],
  ['how long', -0.8],
  ['how much longer', -1.8],
  ['any update', -0.8],
  ['any updates', -0.8],
  ['over and over', -1.8],
  ['yet again', -1.6],
  ['once again', -1.2],
  ['every time', -1.0],
  ['for what', -0.8],
  ['supposed to', -1.2],
  ['should have', -1.0],
  ["should've", -1.0],
  ['was told', -1.0],
  ['were told', -1.0],
  ['where is my', -1.2],
  ["where's my", -1.2],
  ['hold time', -1.2],
  ['hold times', -1.2],
  ['short staffed', -1.8],
  ['cost me', -1.2],
  ['paid for', -0.6],
  // Costs put on the customer, and outages, said flatly.
  ['had to', -1.2],
  ['have to pay', -1.4],
  ['had to pay', -1.8],
  ['nothing we can do', -2.4],
  ['nothing you can do', -2.2],
  ['nothing they can do', -2.4],
  ['is down', -1.6],
  ['are down', -1.6],
  ['was down', -1.6],
  ['went down', -1.6],
  ['been down', -1.8],
  ['not good enough', -2.6],
  ['on and off', -1.4],
  ['what gives', -2.0],
  ['no show', -1.8],
  ['not even', -1.0],
  ['long line', -1.6],
  ['long lines', -1.6],
  ['get through', -0.8],
  ['changed my seat', -1.6],
  ['moved my seat', -1.6],
  ['gave away my seat', -2.4],
  ['gave my seat away', -2.4],
  ['no one answers', -2.6],
  ['stop flying', -2.4],
  ['stop using', -2.4],
  ["won't be flying", -2.2],
  ['will not be flying', -2.2],
  ['should not have to', -2.2],
  ["shouldn't have to", -2.2],
  // Questions that accuse rather than ask.
  ['why are you', -1.4],
  ['why do you', -1.4],
  ['why would you', -1.6],
  ["why can't", -1.6],
  ["why won't", -1.6],
  ["why isn't", -1.4],
  ["why doesn't", -1.4],
  ["why didn't", -1.6],
  ['why is it', -1.2],
  ['why does it', -1.2],
  ['how can you', -1.6],
  ['how could you', -1.8],
  ['how come', -1.2],
  ['how is this', -1.4],
  ['how hard is it', -2.2],
  ['what kind of', -1.2],
  // Waiting where no one should have to.
  ['still sitting', -2.0],
  ['still on the ground', -2.2],
  ['still on the tarmac', -2.4],
  ['still at the gate', -2.0],
  ['still here', -1.4],
  ['sitting on the tarmac', -2.2],
  ['sitting at the gate', -1.6],
  ['sitting on the plane', -1.6],
  ['been holding', -1.8],
  ['on the phone for', -1.6],
  // Something owed and not delivered, and a customer left alone with it.
  ['has yet to', -1.8],
  ['have yet to', -1.8],
  ['had to wait', -1.8],
  ['have to wait', -1.6],
  ['you owe me', -2.2],
  ['you owe us', -2.2],
  ['anyone there', -1.6],
  ['anybody there', -1.6],
  ['no idea', -1.2],
  // Neutral readings of words that are scored elsewhere.
  ['quick question', 0],
  ['real quick', 0],
  ['kind of', 0],
  ['sort of', 0],
  ['to be fair', 0],
  ['no charge', 1.2],
  ['free of charge', 1.6],
  // Relief, gratitude and praise idioms.
  ['no problem', 1.6],
  ['no problems', 1.6],
  ['no worries', 1.6],
  ['no issues', 1.6],
  ['no complaints', 2.0],
  ['not a problem', 1.4],
  ['not bad at all', 2.0],
  ['can\'t complain', 1.6],
  ['cant complain', 1.6],
  ['can\'t wait', 2.2],
  ['cant wait', 2.2],
  ['cannot wait', 2.2],
  ['can\'t thank you enough', 3.4],
  ['cant thank you enough', 3.4],
  ['couldn\'t be happier', 3.4],
  ['couldnt be happier', 3.4],
  ['couldn\'t be better', 3.2],
  ['can\'t beat', 2.4],
  ['cant beat', 2.4],
  ['well done', 2.8],
  ['good job', 2.8],
  ['great job', 3.2],
  ['nice job', 2.6],
  ['great work', 3.2],
  ['good work', 2.8],
  ['on time', 1.6],
  ['right on time', 2.2],
  ['ahead of schedule', 2.2],
  ['above and beyond', 3.4],
  ['went the extra mile', 3.2],
  ['made my day', 3.2],
  ['make my day', 2.4],
  ['second to none', 3.2],
  ['top notch', 3.2],
  ['first rate', 2.8],
  ['thumbs up', 2.4],
  ['thank goodness', 1.8],
  ['thank god', 1.8],
  ['shout out', 2.4],
  ['shoutout', 2.4],
  ['big fan', 2.8],
  ['you rock', 2.8],
  ['guys rock', 2.8],
  ["y'all rock", 2.8],
  ['top marks', 3.0],
  ['hats off', 2.8],
  ['won me over', 3.0],
  ['made it', 1.6],
  ['fingers crossed', 0.8],
  ['killing it', 2.4],
  ['nailed it', 2.6],
  ['hassle free', 2.2],
  ['huge fan', 3.0],
  ['a+', 3.0],
  ['a plus', 3.0],
];

/** Things a customer expects to be there, missing after "no" or "without": "no wifi", "without my luggage". */
export const MISSING_WHEN_ABSENT: ReadonlySet<string> = new Set(
  `wifi internet power outlets signal food water snacks drinks staff employees agents agent crew pilot pilots
   gate seat seats room space luggage baggage bag bags suitcase call calls email emails notice notification
   communication contact confirmation record records receipt voucher credit service assistance support sign
   reason explanation apology reimbursement`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/**
 * Words that carry no feeling alone but tell of a failure once negated: "didn't work", "never arrived",
 * "haven't heard back", "can't get through", "no one answered".
 */
export const FAILS_WHEN_NEGATED: ReadonlySet<string> = new Set(
  `work works working worked function functioning load loads loading open opens opening connect connects
   connecting connected respond responds responding responded answer answers answering answered reply replies
   replying replied arrive arrives arriving arrived receive received receiving get got gotten getting come came
   show showed shown showing deliver delivered delivering ship shipped shipping refund refunded fix fixed fixing
   sync syncing start starts started starting boot charge charging print printing log login help helped helping
   call called calling hear heard hearing update updated updating return returned returning care cares
   listen listened listening exist exists available honor honored honour honoured keep kept let allow allows allowed
   make made find found finding reach reached reaching board boarded boarding leave left depart departed use used
   accept accepted accepting check checked process processed credit credited resolve resolved`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

export const NEGATORS: ReadonlySet<string> = new Set(
  `not no never nothing nowhere none neither nor without cannot cant dont doesnt didnt isnt arent wasnt werent
   wont wouldnt couldnt shouldnt havent hasnt hadnt aint ain't barely hardly`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/** Intensity added to the next sentiment word, in its own direction (negative values damp it). */
export const BOOSTERS: ReadonlyMap<string, number> = new Map([
  ...['very', 'really', 'so', 'soo', 'too', 'extremely', 'incredibly', 'super', 'totally', 'absolutely', 'completely',
    'utterly', 'truly', 'seriously', 'especially', 'exceptionally', 'highly', 'deeply', 'genuinely', 'hugely',
    'insanely', 'ridiculously', 'terribly', 'awfully', 'horribly', 'entirely', 'thoroughly', 'majorly', 'most',
    'such', 'pretty', 'freaking', 'freakin', 'frickin', 'fricking', 'fucking', 'effing', 'bloody', 'damn', 'hella',
    'mega', 'uber', 'sooo', 'real', 'mighty', 'way', 'beyond', 'definitely', 'literally'].map((w) => [w, 0.35] as const),
  ...['slightly', 'somewhat', 'kinda', 'sorta', 'little', 'bit', 'marginally',
    'fairly', 'mildly', 'partly', 'partially', 'occasionally', 'almost', 'quite', 'rather', 'relatively',
    'reasonably', 'moderately', 'mostly'].map((w) => [w, -0.35] as const),
]);

/** Words that start a clause that outweighs what came before it: "the crew was lovely but we sat for 3 hours". */
export const CONTRAST_WORDS: ReadonlySet<string> = new Set(['but', 'however', 'though', 'although', 'yet', 'except']);

export const EMOJI_VALENCE: ReadonlyMap<string, number> = new Map([
  // Anger, sadness, disgust.
  ['😡', -3.2], ['🤬', -3.6], ['😠', -2.8], ['😤', -2.2], ['👿', -2.6], ['💢', -2.4],
  ['😢', -2.4], ['😭', -2.0], ['😞', -2.4], ['😔', -2.0], ['😟', -2.0], ['😩', -2.4], ['😫', -2.4], ['😖', -2.4],
  ['😣', -2.0], ['😥', -1.8], ['😪', -1.4], ['😓', -1.8], ['😰', -2.0], ['😨', -1.8], ['😱', -2.0], ['🙁', -1.8],
  ['☹', -2.2], ['😕', -1.4], ['😒', -2.0], ['🙄', -2.0], ['😑', -1.2], ['😐', -0.6], ['😬', -1.2], ['😳', -0.8],
  ['😴', -1.0], ['🥱', -1.2], ['😷', -1.2], ['🤒', -1.6], ['🤢', -2.8], ['🤮', -3.2], ['💩', -2.8], ['👎', -2.8],
  ['💔', -2.8], ['🤦', -2.2], ['🤦‍♂️', -2.2], ['🤦‍♀️', -2.2], ['❌', -1.6], ['🚫', -1.6], ['⚠', -1.0], ['🐌', -1.2],
  ['😿', -2.2], ['🥺', -1.2], ['😧', -1.6], ['😦', -1.6], ['🥵', -1.2], ['🥶', -1.2], ['🤯', -1.4], ['😵', -1.4],
  // Joy, love, approval.
  ['😍', 3.2], ['🥰', 3.2], ['😘', 2.8], ['😻', 3.0], ['🤩', 3.2], ['❤', 3.0], ['❤️', 3.0], ['♥', 2.8], ['♥️', 2.8],
  ['💕', 3.0], ['💖', 3.0], ['💗', 3.0], ['💓', 3.0], ['💞', 3.0], ['💘', 3.0], ['💝', 2.8], ['💙', 2.8], ['💚', 2.8],
  ['💜', 2.8], ['💛', 2.8], ['🧡', 2.8], ['🤍', 2.4], ['😊', 2.6], ['☺', 2.6], ['☺️', 2.6], ['🙂', 1.4], ['😀', 2.4],
  ['😃', 2.6], ['😄', 2.6], ['😁', 2.4], ['😆', 2.0], ['😅', 0.6], ['😂', 1.0], ['🤣', 1.0], ['😉', 1.6], ['😎', 2.0],
  ['😇', 2.2], ['🤗', 2.4], ['😋', 2.2], ['😌', 1.6], ['🥳', 3.0], ['🎉', 2.8], ['🎊', 2.6], ['👍', 2.4], ['👏', 2.6],
  ['🙌', 2.8], ['👌', 2.2], ['💯', 2.4], ['🔥', 1.8], ['✨', 1.6], ['⭐', 1.8], ['🌟', 2.2], ['🏆', 2.4], ['💪', 1.8],
  ['🙏', 1.4], ['✅', 1.2], ['🥂', 2.2], ['🍾', 2.2], ['😺', 2.0], ['😸', 2.4], ['🤘', 1.8], ['✌', 1.4], ['✌️', 1.4],
]);

export const EMOTICON_VALENCE: ReadonlyMap<string, number> = new Map([
  [':)', 2.2], [':-)', 2.2], ['=)', 2.2], [':))', 2.6], [':D', 2.6], [':-D', 2.6], ['=D', 2.6], ['xD', 2.2],
  ['XD', 2.2], [';)', 1.6], [';-)', 1.6], [':P', 1.2], [':p', 1.2], [':-P', 1.2], [':-p', 1.2], ['<3', 3.0],
  ['^_^', 2.2], ['^^', 1.8], [':*', 2.2], [':-*', 2.2],
  [':(', -2.2], [':-(', -2.2], ['=(', -2.2], [':((', -2.6], [":'(", -2.6], [":'-(", -2.6], ['D:', -2.2],
  [':/', -1.4], [':-/', -1.4], [':\\', -1.4], [':-\\', -1.4], ['>:(', -3.0], ['>:-(', -3.0], [':@', -2.8],
  ['</3', -2.8], ['-_-', -1.6], [':|', -0.6], [':-|', -0.6], [':o', -0.4], [':O', -0.4],
]);
