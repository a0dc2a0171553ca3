// Frequent English words that are not also common words of another Latin-script language ("a", "in", "on", "is",
// "was", "so", "no", "me", "do" are left out for that reason). Seeing several of them is strong evidence of English.
export const ENGLISH_WORDS: ReadonlySet<string> = new Set(
  `
the and you your you're yours my mine our ours their they them they're we we're us he she him her his it it's its
i'm i've i'll i'd are were be been being have has had having does did done don't doesn't didn't can can't
cannot could couldn't would wouldn't should shouldn't will won't isn't aren't wasn't weren't haven't hasn't
to of for with from this that these those what what's why how when where who which there here just about after
again all any because before but by get got gotten if into know like more much now only or out over really some
still than then too very want way well yes yet off at not never ever thanks thank please pls plz sorry help
flight flights today tomorrow yesterday hours hour day days bag bags luggage seat seats order phone call email
account guys great good bad worst best awesome amazing love hate lol omg wtf delayed cancelled canceled waiting
wait need needs make made let say said tell told ask asked people thing something nothing anyone everyone
someone one two three sent send sending dm dms dm'd dmed check checked gate gates booked reservation
confirmation baggage boarding boarded plane airport airline airlines trip travel traveling travelling home tonight
morning evening night week weekend month year guys hello hi yes yeah yep nope anytime rude sucks sucked lmao lmfao
btw smh tbh idk imo fyi asap pls thx np
`
    .split(/\s+/)
    .filter((w) => w !== ''),
);
