/*
 * generate.c - deterministic generator of synthetic Reuters-style wire text,
 * the benchmark input for newsidx.
 *
 *   generate [--articles N | --megabytes M] [--seed S]
 *
 * Everything written is synthesised from the word lists in this file: no
 * real story text is used.  The same arguments always give byte-identical
 * output (own PRNG, integer-only sampling tables, no locale, no rand()).
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Werror -pedantic -o generate generate.c
 * This file is UTF-8 (names with diacritics are written literally).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define EN_DASH "\xE2\x80\x93"
#define EM_DASH "\xE2\x80\x94"
#define LDQ "\xE2\x80\x9C" /* “ */
#define RDQ "\xE2\x80\x9D" /* ” */
#define LSQ "\xE2\x80\x98" /* ‘ */
#define RSQ "\xE2\x80\x99" /* ’ (also the apostrophe) */
#define NBSP "\xC2\xA0"

/* ------------------------------------------------------------------------ */
/* PRNG: splitmix64.  Fast, good enough, and fully specified.               */

typedef struct { uint64_t s; } rng_t;

static rng_t R;      /* story randomness, from --seed */

static inline uint64_t rnext(rng_t *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* uniform in [0, n), n < 2^32 (multiply-shift; bias is negligible here) */
static inline uint32_t rbelow_r(rng_t *r, uint32_t n)
{
    return (uint32_t)(((rnext(r) >> 32) * (uint64_t)n) >> 32);
}
static inline uint32_t rbelow(uint32_t n) { return rbelow_r(&R, n); }
/* true with probability permille/1000 */
static inline int chance(uint32_t permille) { return rbelow(1000) < permille; }
static inline uint32_t rrange(uint32_t lo, uint32_t hi) { return lo + rbelow(hi - lo + 1); }

/* ------------------------------------------------------------------------ */
/* Zipf-like sampling: weight of rank i is 2^24/(i+q).  Walker/Vose alias     */
/* table built with integer arithmetic only, so it is identical everywhere.  */

typedef struct { uint32_t n; uint64_t *thr; uint32_t *alias; } zipf_t;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("generate: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

static void zipf_init(zipf_t *z, uint32_t n, uint32_t q)
{
    uint64_t *sc = xmalloc(n * sizeof *sc);
    uint32_t *small = xmalloc(n * sizeof *small), *large = xmalloc(n * sizeof *large);
    uint32_t ns = 0, nl = 0;
    uint64_t T = 0;
    z->n = n;
    z->thr = xmalloc(n * sizeof *z->thr);
    z->alias = xmalloc(n * sizeof *z->alias);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t w = (UINT64_C(1) << 24) / (i + q);
        T += w;
        sc[i] = w * n;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (sc[i] < T) small[ns++] = i; else large[nl++] = i;
    }
    while (ns && nl) {
        uint32_t s = small[--ns], l = large[nl - 1];
        z->thr[s] = sc[s];
        z->alias[s] = l;
        sc[l] = sc[l] + sc[s] - T;
        if (sc[l] < T) { nl--; small[ns++] = l; }
    }
    while (nl) { uint32_t l = large[--nl]; z->thr[l] = T; z->alias[l] = l; }
    while (ns) { uint32_t s = small[--ns]; z->thr[s] = T; z->alias[s] = s; }
    for (uint32_t i = 0; i < n; i++)
        z->thr[i] = (z->thr[i] << 32) / T;   /* scale to [0, 2^32] */
    free(sc); free(small); free(large);
}

static inline uint32_t zdraw(const zipf_t *z)
{
    uint64_t x = rnext(&R);
    uint32_t i = (uint32_t)(((x >> 32) * z->n) >> 32);
    return (x & 0xFFFFFFFFu) < z->thr[i] ? i : z->alias[i];
}

/* ------------------------------------------------------------------------ */
/* Output buffer and word-level helpers.                                    */

typedef struct { char *p; size_t len, cap; } buf_t;
typedef struct { const char *s; uint32_t n; } str_t;

static buf_t OUTBUF, HBUF;
static buf_t *O = &OUTBUF;    /* where the grammar writes */

static void buf_grow(buf_t *b, size_t need)
{
    size_t cap;
    char *p;
    if (b->len + need <= b->cap) return;
    cap = b->cap ? b->cap : (size_t)1 << 16;
    while (cap < b->len + need) cap *= 2;
    p = realloc(b->p, cap);
    if (!p) {
        fputs("generate: out of memory\n", stderr);
        exit(1);
    }
    b->p = p;
    b->cap = cap;
}

static inline void put(const char *s, size_t n)
{
    buf_grow(O, n);
    memcpy(O->p + O->len, s, n);
    O->len += n;
}
static inline void putz(const char *s) { put(s, strlen(s)); }
static inline void putch(char c) { buf_grow(O, 1); O->p[O->len++] = c; }
static inline void puts_s(str_t s) { put(s.s, s.n); }

/* A space goes before a word unless we are at the start of a line, after an
 * opening parenthesis or after an opening quote. */
static inline int needs_space(void)
{
    const unsigned char *p = (const unsigned char *)O->p;
    size_t n = O->len;
    unsigned char c;
    if (n == 0) return 0;
    c = p[n - 1];
    if (c == ' ' || c == '\n' || c == '(') return 0;
    if ((c == 0x9C || c == 0x98) && n >= 3 && p[n - 3] == 0xE2 && p[n - 2] == 0x80) return 0;
    return 1;
}
static inline void word(const char *s, size_t n) { if (needs_space()) putch(' '); put(s, n); }
static inline void wz(const char *s) { word(s, strlen(s)); }
static inline void ws(str_t s) { word(s.s, s.n); }

static void put_uint(uint32_t v)
{
    char t[16];
    int n = 0;
    do { t[15 - n++] = (char)('0' + v % 10); v /= 10; } while (v);
    put(t + 16 - n, (size_t)n);
}
static void w_uint(uint32_t v) { if (needs_space()) putch(' '); put_uint(v); }

/* Capitalise the sentence that starts at byte i (skipping an opening quote). */
static void cap_at(size_t i)
{
    unsigned char *p = (unsigned char *)O->p;
    if (i + 3 <= O->len && p[i] == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] == 0x9C || p[i + 2] == 0x98))
        i += 3;
    if (i < O->len && p[i] >= 'a' && p[i] <= 'z') p[i] = (unsigned char)(p[i] - 32);
}

static void put_upper(const char *s)
{
    for (; *s; s++) putch((*s >= 'a' && *s <= 'z') ? (char)(*s - 32) : *s);
}

/* ------------------------------------------------------------------------ */
/* Vocabulary.  Rough frequency order: earlier entries are drawn more often. */

/* "sg" (regular plural), "sg/pl" (irregular), "sg/" (no plural form) */
static const char *const NOUN_SRC[] = {
    "government", "official", "minister", "country", "company", "president", "market", "year",
    "week", "month", "sanction", "talk", "deal", "election", "party", "state", "bank", "economy",
    "price", "ministry", "leader", "force", "border", "agreement", "investor", "share", "rate",
    "plan", "policy", "statement", "spokesman", "spokeswoman", "region", "city", "group", "law",
    "court", "military", "attack", "trade", "oil", "gas", "budget", "tax", "tariff", "crisis/crises",
    "conflict", "ceasefire", "protest", "security", "troop", "soldier", "police", "vote", "parliament",
    "opposition", "coalition", "lawmaker", "bill", "reform", "proposal", "measure", "decision",
    "source", "report", "data", "figure", "growth", "inflation/", "debt", "loan", "deficit", "bond",
    "yield", "currency", "dollar", "euro", "export", "import", "industry", "sector", "business",
    "firm", "executive", "chief", "board", "shareholder", "stake", "merger", "acquisition", "bid",
    "offer", "cost", "revenue", "profit", "loss", "sale", "earnings/", "quarter", "forecast",
    "estimate", "analyst", "economist", "survey", "poll", "index/indices", "crude/", "barrel",
    "pipeline", "energy/", "power/", "plant", "reactor", "coal/", "mine", "miner", "gold/",
    "copper/", "steel/", "wheat/", "corn/", "grain", "crop", "harvest", "farmer", "food",
    "water/", "drought", "flood", "storm", "hurricane", "earthquake", "fire", "wildfire", "rescue",
    "hospital", "doctor", "patient", "vaccine", "virus/viruses", "outbreak", "disease", "health/",
    "school", "student", "teacher", "university/universities", "worker", "union", "wage", "job",
    "unemployment/", "pension", "treaty/treaties", "negotiation", "embargo/embargoes", "war", "peace/",
    "rally/rallies", "demonstration", "crowd", "violence/", "clash", "death", "victim",
    "casualty/casualties", "refugee", "migrant", "camp", "aid/", "agency/agencies", "organisation",
    "conference", "summit", "meeting", "visit", "trip", "delegation", "envoy", "ambassador",
    "embassy/embassies", "consulate", "diplomat", "relation", "tie", "alliance", "ally/allies",
    "partner", "rival", "neighbour", "threat", "risk", "concern", "warning", "fear", "pressure",
    "tension", "dispute", "row", "accusation", "allegation", "investigation", "inquiry/inquiries",
    "probe", "charge", "fine", "penalty/penalties", "sentence", "prison", "arrest", "detention",
    "suspect", "militant", "rebel", "insurgent", "separatist", "fighter", "commander", "general",
    "operation", "offensive", "air strike", "bomb", "explosion", "blast", "drone", "aircraft/",
    "plane", "airline", "airport", "flight", "passenger", "ship", "vessel", "tanker", "railway",
    "train", "road", "bridge", "car", "vehicle", "factory/factories", "output", "production",
    "supply/supplies", "demand", "shortage", "surplus/surpluses", "reserve", "fund", "asset",
    "investment", "subsidy/subsidies", "contract", "tender", "licence", "permit", "regulator",
    "regulation", "rule", "standard", "fraud", "corruption/", "bribe", "scandal", "resignation",
    "appointment", "successor", "candidate", "campaign", "ballot", "turnout", "referendum",
    "constitution", "amendment", "senator", "legislator", "committee", "panel", "council", "mayor",
    "governor", "cabinet", "premier", "king", "queen", "prince", "church", "mosque", "temple",
    "festival", "tournament", "match", "team", "player", "coach", "championship", "medal", "athlete",
    "stadium", "film", "museum", "exhibition", "book", "author", "artist", "technology/technologies",
    "software/", "chip", "semiconductor", "smartphone", "network", "platform", "user", "privacy/",
    "hacker", "cyberattack", "satellite", "rocket", "launch", "mission", "climate/", "emission",
    "carbon/", "temperature", "forest", "species/species", "ocean", "coast", "river", "lake",
    "mountain", "desert", "land", "property/properties", "housing/", "home", "rent", "mortgage",
    "consumer", "retailer", "store", "brand", "product", "service", "customer", "shipment", "cargo",
    "container", "freight/", "insurer", "insurance/", "claim", "lawsuit", "settlement", "damage",
    "compensation/", "hearing", "testimony/testimonies", "witness", "verdict", "appeal", "pardon",
    "amnesty/amnesties", "constituency/constituencies", "district", "municipality/municipalities",
    "bureau", "department", "inspector", "auditor", "audit", "review", "assessment", "outlook",
    "target", "goal", "milestone", "record", "level", "peak", "margin", "spread", "volatility/",
    "slump", "sell-off", "downturn", "recovery/recoveries", "rebound", "stimulus/", "package",
    "bailout", "default", "restructuring", "creditor", "lender", "borrower", "bondholder",
    "dividend", "buyback", "listing", "valuation", "unit", "subsidiary/subsidiaries", "venture",
    "partnership", "headquarters/headquarters", "office", "staff/", "employee", "layoff", "strike",
    "walkout", "dock", "farm", "livestock/", "fishery/fisheries", "tourism/", "tourist", "hotel",
    "visa", "passport", "immigration/", "asylum/", "deportation", "citizen", "resident",
    "population", "census/censuses", "community/communities", "family/families", "child/children",
    "woman/women", "youth/", "volunteer", "activist", "journalist", "reporter", "media/",
    "newspaper", "broadcaster", "channel", "website", "video", "footage/", "image", "photograph",
    "speech", "address", "remark", "comment", "question", "answer", "response", "reaction",
    "criticism", "support/", "approval", "rejection", "veto/vetoes", "step", "move", "effort",
    "attempt", "initiative", "programme", "project", "scheme", "system", "infrastructure/",
    "grid", "blackout", "outage", "queue", "mandate", "quota", "auction", "exchange", "broker",
    "trader", "hedge fund", "pension fund", "stock", "commodity/commodities", "metal", "fertiliser",
    "shipyard", "port", "terminal", "refinery/refineries", "well", "field", "deposit", "license",
    "patent", "lab", "trial", "study/studies", "scientist", "researcher", "expert", "adviser",
    "aide", "deputy/deputies", "secretary/secretaries", "chairman/chairmen", "director", "founder",
    "owner", "buyer", "seller", "supplier", "manufacturer", "producer", "exporter", "importer",
    "carrier", "operator", "provider", "developer", "contractor", "landlord", "tenant", "village",
    "town", "province/provinces", "territory/territories", "island", "capital", "frontier",
    "checkpoint", "corridor", "convoy", "shelter", "curfew", "blockade", "siege", "raid", "ambush",
    "hostage", "prisoner", "detainee", "defendant", "plaintiff", "jury/juries", "tribunal",
    "watchdog", "auditorium", "ministerial", "memorandum/memoranda", "framework", "roadmap",
    "timetable", "deadline", "extension", "exemption", "waiver", "loophole", "backlog", "surge",
    "slowdown", "recession", "boom", "bubble", "glut", "rally", "spike", "dip",
};

/* verbs: "base", "base:past" (past = participle), "base:past:participle";
 * a trailing '+' on the base doubles its final consonant (ban+ -> banned, banning) */
static const char *const VT_SRC[] = {
    "raise", "cut+:cut", "impose", "lift", "approve", "reject", "sign", "launch", "announce", "back",
    "support", "oppose", "seek:sought", "propose", "consider", "discuss", "review", "extend",
    "suspend", "resume", "halt", "delay", "cancel", "boost", "curb", "ban+", "block", "accuse",
    "criticise", "condemn", "welcome", "urge", "warn", "threaten", "deny", "confirm", "report",
    "expect", "plan+", "hold:held", "meet:met", "visit", "win+:won", "lose:lost", "buy:bought",
    "sell:sold", "acquire", "offer", "pay:paid", "spend:spent", "build:built", "open", "close",
    "reopen", "restore", "protect", "defend", "investigate", "question", "arrest", "detain",
    "release", "charge", "convict", "sentence", "kill", "wound", "injure", "attack", "target",
    "capture", "seize", "deploy", "send:sent", "receive", "take:took:taken", "give:gave:given",
    "make:made", "find:found", "bring:brought", "keep:kept", "set+:set", "face", "hit+:hit",
    "reach", "increase", "reduce", "expand", "invest", "borrow", "lend:lent", "export", "import",
    "produce", "supply", "ship+", "demand", "pledge", "promise", "prepare", "weigh", "pass",
    "veto", "overturn", "uphold:upheld", "order", "allow", "require", "prevent", "stop+", "end",
    "begin+:began:begun", "start", "tighten", "loosen", "finance", "fund", "sanction", "monitor",
    "track", "cover", "secure", "negotiate", "finalise", "complete", "unveil", "outline", "present",
    "publish", "disclose", "reveal", "challenge", "dismiss", "replace", "appoint", "elect",
    "nominate", "endorse", "host", "attend", "join", "leave:left", "enter", "cross", "control+",
    "manage", "run+:ran:run", "lead:led", "shape", "push", "drive:drove:driven", "hurt:hurt",
    "damage", "destroy", "rebuild:rebuilt", "repair", "evacuate", "rescue", "restrict", "limit",
    "cap+", "regulate", "tax", "subsidise", "inspect", "audit", "examine", "study", "test",
    "develop", "design", "deliver", "transfer+", "withdraw:withdrew:withdrawn", "recall", "expel+",
    "summon", "freeze:froze:frozen", "seal", "sue", "settle", "resolve", "address", "tackle",
    "fight:fought", "combat", "counter", "bolster", "strengthen", "weaken", "undermine", "abandon",
    "accept", "adopt", "amend", "assess", "authorise", "award", "bar+", "break:broke:broken",
    "calculate", "clear", "collect", "contest", "cite", "demolish", "document", "downgrade",
    "upgrade", "draft", "earn", "ease", "enforce", "exceed", "exclude", "explore", "fine", "fire",
    "forge", "guarantee", "halve", "handle", "hire", "ignore", "implement", "improve", "include",
    "inherit", "insure", "intercept", "issue", "license", "lobby", "mark", "merge", "mobilise",
    "modernise", "nationalise", "occupy", "operate", "outlaw", "overhaul", "patrol+", "postpone",
    "privatise", "prosecute", "quash", "ratify", "rebuke", "recapture", "reinforce", "renew",
    "repay:repaid", "rescind", "reshape", "reverse", "revive", "scrap+", "shed:shed", "shield",
    "shut+:shut", "spur+", "stabilise", "streamline", "subpoena", "surpass", "sustain", "trim+",
    "underwrite:underwrote:underwritten", "unlock", "vacate", "waive", "withhold:withheld",
};

static const char *const VI_SRC[] = {
    "rise:rose:risen", "fall:fell:fallen", "climb", "drop+", "jump", "slip+", "gain", "surge",
    "slump", "tumble", "ease", "edge", "recover", "rebound", "grow:grew:grown",
    "shrink:shrank:shrunk", "decline", "dip+", "soar", "plunge", "slide:slid", "advance", "retreat",
    "stabilise", "widen", "narrow", "stagnate", "contract", "expand", "rally", "firm", "weaken",
    "strengthen", "improve", "worsen", "deteriorate", "accelerate", "slow", "recede", "collapse",
};

/* verbs of saying, used as "X {verb} (that) clause" */
static const char *const VSAY_SRC[] = {
    "say:said", "warn", "add", "note", "argue", "insist", "suggest", "claim", "acknowledge",
    "predict", "estimate", "believe", "fear", "expect", "announce", "confirm", "stress", "signal",
    "indicate", "write:wrote:written", "conclude", "concede", "allege", "assert", "caution",
    "complain", "emphasise", "explain", "hint", "maintain", "reiterate", "report", "reveal",
};

static const char *const ADJ_SRC[] = {
    "new", "former", "other", "senior", "top", "key", "major", "big", "large", "small", "local",
    "national", "international", "foreign", "domestic", "global", "regional", "federal",
    "central", "economic", "political", "military", "financial", "fiscal", "monetary", "public",
    "private", "official", "independent", "joint", "annual", "quarterly", "monthly", "recent",
    "previous", "early", "late", "long", "short", "high", "low", "strong", "weak", "sharp",
    "steep", "modest", "slight", "significant", "further", "fresh", "additional", "possible",
    "likely", "potential", "serious", "severe", "heavy", "deadly", "violent", "peaceful", "civil",
    "humanitarian", "nuclear", "chemical", "diplomatic", "legal", "illegal", "criminal",
    "judicial", "constitutional", "parliamentary", "presidential", "electoral", "democratic",
    "authoritarian", "conservative", "liberal", "nationalist", "populist", "leftist", "far-right",
    "moderate", "radical", "hardline", "reformist", "western", "eastern", "northern", "southern",
    "coastal", "rural", "urban", "industrial", "agricultural", "commercial", "corporate",
    "digital", "technological", "environmental", "social", "cultural", "religious", "ethnic",
    "educational", "medical", "scientific", "strategic", "tactical", "bilateral", "multilateral",
    "unilateral", "temporary", "permanent", "partial", "full", "complete", "total", "final",
    "initial", "interim", "preliminary", "formal", "informal", "secret", "open", "direct",
    "indirect", "immediate", "gradual", "rapid", "slow", "sudden", "unexpected", "unprecedented",
    "historic", "controversial", "contentious", "disputed", "sensitive", "critical", "crucial",
    "vital", "urgent", "difficult", "complex", "simple", "broad", "narrow", "wide", "deep",
    "tight", "loose", "stable", "volatile", "uncertain", "fragile", "robust", "sluggish",
    "stagnant", "buoyant", "resilient", "vulnerable", "exposed", "displaced", "armed", "unarmed",
    "wounded", "missing", "young", "elderly", "poor", "rich", "wealthy", "cheap", "expensive",
    "costly", "profitable", "competitive", "dominant", "leading", "largest", "biggest",
    "highest", "lowest", "worst", "best", "latest", "main", "principal", "primary", "secondary",
    "minor", "marginal", "substantial", "considerable", "massive", "huge", "vast", "limited",
    "restricted", "proposed", "planned", "expected", "estimated", "reported", "alleged",
    "suspected", "accused", "convicted", "elected", "appointed", "acting", "outgoing",
    "incoming", "ruling", "governing", "separatist", "state-owned", "state-run",
    "government-held", "rebel-held", "cross-border", "long-term", "short-term", "medium-term",
    "year-on-year", "benchmark", "average", "net", "gross", "real", "nominal", "underlying",
    "core", "seasonal", "adjusted", "tough", "harsh", "lenient", "aggressive", "cautious",
    "optimistic", "pessimistic", "confident", "worried", "angry", "hopeful", "sceptical",
    "reluctant", "willing", "unable", "ready", "keen", "eager", "determined", "overseas",
    "offshore", "onshore", "renewable", "fossil", "electric", "maritime", "naval", "aerial",
    "ballistic", "covert", "lucrative", "insolvent", "bankrupt", "speculative", "inflationary",
    "protectionist", "sovereign", "municipal", "provincial", "metropolitan", "tribal", "secular",
};

static const char *const ADV_SRC[] = {
    "also", "still", "already", "now", "recently", "previously", "sharply", "slightly", "largely",
    "widely", "strongly", "repeatedly", "publicly", "privately", "quickly", "gradually",
    "immediately", "eventually", "initially", "officially", "reportedly", "allegedly",
    "apparently", "clearly", "directly", "fully", "partly", "mainly", "effectively", "broadly",
    "heavily", "narrowly", "briefly", "jointly", "separately", "formally", "firmly", "openly",
    "quietly", "steadily", "unexpectedly", "abruptly", "tentatively", "unanimously",
};

/* bases for rare derived words: "<noun>-<suffix>" and "<prefix>-<noun>" */
static const char *const DSUFFIX[] = {
    "related", "backed", "led", "based", "linked", "owned", "run", "driven", "funded", "focused",
    "sensitive", "heavy", "free", "wide", "friendly", "dependent", "hit",
};
static const char *const DPREFIX[] = {
    "non", "anti", "pro", "post", "pre", "cross", "semi", "multi", "ex", "inter", "mid", "over",
};

static const char *const PREP[] = {
    "in", "on", "over", "for", "with", "at", "from", "against", "amid", "after", "before",
    "despite", "during", "under", "across", "near", "to", "ahead of", "following", "including",
    "without", "beyond", "within", "toward",
};
static const char *const HPREP[] = {
    "over", "on", "for", "in", "with", "after", "amid", "to", "against", "despite", "ahead of",
};

static const char *const WEEKDAY[] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};
static const char *const MONTH[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
};
static const char *const MONTH_ABBR[] = {
    "Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec",
};

typedef struct { const char *name, *adj, *hname; } country_t;
/* hname: the form used in headlines */
static const country_t COUNTRY[] = {
    {"Russia", "Russian", "Russia"}, {"the United States", "U.S.", "U.S."},
    {"China", "Chinese", "China"}, {"Ukraine", "Ukrainian", "Ukraine"},
    {"Germany", "German", "Germany"}, {"France", "French", "France"},
    {"Britain", "British", "Britain"}, {"Japan", "Japanese", "Japan"},
    {"Iran", "Iranian", "Iran"}, {"Turkey", "Turkish", "Turkey"}, {"India", "Indian", "India"},
    {"Brazil", "Brazilian", "Brazil"}, {"Italy", "Italian", "Italy"}, {"Spain", "Spanish", "Spain"},
    {"Syria", "Syrian", "Syria"}, {"Iraq", "Iraqi", "Iraq"}, {"Israel", "Israeli", "Israel"},
    {"Egypt", "Egyptian", "Egypt"}, {"Saudi Arabia", "Saudi", "Saudi Arabia"},
    {"Pakistan", "Pakistani", "Pakistan"}, {"Mexico", "Mexican", "Mexico"},
    {"Canada", "Canadian", "Canada"}, {"Australia", "Australian", "Australia"},
    {"South Korea", "South Korean", "South Korea"}, {"North Korea", "North Korean", "North Korea"},
    {"Indonesia", "Indonesian", "Indonesia"}, {"Nigeria", "Nigerian", "Nigeria"},
    {"South Africa", "South African", "South Africa"}, {"Kenya", "Kenyan", "Kenya"},
    {"Ethiopia", "Ethiopian", "Ethiopia"}, {"Argentina", "Argentine", "Argentina"},
    {"Chile", "Chilean", "Chile"}, {"Colombia", "Colombian", "Colombia"},
    {"Venezuela", "Venezuelan", "Venezuela"}, {"Poland", "Polish", "Poland"},
    {"Hungary", "Hungarian", "Hungary"}, {"Greece", "Greek", "Greece"},
    {"Sweden", "Swedish", "Sweden"}, {"Norway", "Norwegian", "Norway"},
    {"Finland", "Finnish", "Finland"}, {"Denmark", "Danish", "Denmark"},
    {"the Netherlands", "Dutch", "Netherlands"}, {"Belgium", "Belgian", "Belgium"},
    {"Switzerland", "Swiss", "Switzerland"}, {"Austria", "Austrian", "Austria"},
    {"Portugal", "Portuguese", "Portugal"}, {"Ireland", "Irish", "Ireland"},
    {"the Czech Republic", "Czech", "Czech Republic"}, {"Romania", "Romanian", "Romania"},
    {"Bulgaria", "Bulgarian", "Bulgaria"}, {"Serbia", "Serbian", "Serbia"},
    {"Croatia", "Croatian", "Croatia"}, {"Belarus", "Belarusian", "Belarus"},
    {"Georgia", "Georgian", "Georgia"}, {"Armenia", "Armenian", "Armenia"},
    {"Azerbaijan", "Azerbaijani", "Azerbaijan"}, {"Kazakhstan", "Kazakh", "Kazakhstan"},
    {"Uzbekistan", "Uzbek", "Uzbekistan"}, {"Afghanistan", "Afghan", "Afghanistan"},
    {"Bangladesh", "Bangladeshi", "Bangladesh"}, {"Sri Lanka", "Sri Lankan", "Sri Lanka"},
    {"Thailand", "Thai", "Thailand"}, {"Vietnam", "Vietnamese", "Vietnam"},
    {"Malaysia", "Malaysian", "Malaysia"}, {"the Philippines", "Philippine", "Philippines"},
    {"Singapore", "Singaporean", "Singapore"}, {"Taiwan", "Taiwanese", "Taiwan"},
    {"Mongolia", "Mongolian", "Mongolia"}, {"New Zealand", "New Zealand", "New Zealand"},
    {"Qatar", "Qatari", "Qatar"}, {"Kuwait", "Kuwaiti", "Kuwait"}, {"Oman", "Omani", "Oman"},
    {"Yemen", "Yemeni", "Yemen"}, {"Jordan", "Jordanian", "Jordan"},
    {"Lebanon", "Lebanese", "Lebanon"}, {"Libya", "Libyan", "Libya"},
    {"Tunisia", "Tunisian", "Tunisia"}, {"Algeria", "Algerian", "Algeria"},
    {"Morocco", "Moroccan", "Morocco"}, {"Sudan", "Sudanese", "Sudan"},
    {"Ghana", "Ghanaian", "Ghana"}, {"Senegal", "Senegalese", "Senegal"},
    {"Uganda", "Ugandan", "Uganda"}, {"Zimbabwe", "Zimbabwean", "Zimbabwe"},
    {"Zambia", "Zambian", "Zambia"}, {"Congo", "Congolese", "Congo"}, {"Peru", "Peruvian", "Peru"},
    {"Cuba", "Cuban", "Cuba"}, {"Ecuador", "Ecuadorean", "Ecuador"},
    {"Bolivia", "Bolivian", "Bolivia"},
};

/* name, region (dateline/caption), country (caption, if different from region),
 * whether the dateline carries the region */
typedef struct { const char *name, *region, *country; int with_region; } city_t;
static const city_t CITY[] = {
    {"Moscow", "Russia", "Russia", 0}, {"London", "Britain", "Britain", 0},
    {"Washington", "D.C.", "U.S.", 0}, {"Paris", "France", "France", 0},
    {"Berlin", "Germany", "Germany", 0}, {"Beijing", "China", "China", 0},
    {"Brussels", "Belgium", "Belgium", 0}, {"Kiev", "Ukraine", "Ukraine", 0},
    {"Tokyo", "Japan", "Japan", 0}, {"New York", "New York", "U.S.", 0},
    {"Geneva", "Switzerland", "Switzerland", 0}, {"Vienna", "Austria", "Austria", 0},
    {"Rome", "Italy", "Italy", 0}, {"Madrid", "Spain", "Spain", 0},
    {"Lisbon", "Portugal", "Portugal", 0}, {"Athens", "Greece", "Greece", 0},
    {"Ankara", "Turkey", "Turkey", 0}, {"Istanbul", "Turkey", "Turkey", 0},
    {"Cairo", "Egypt", "Egypt", 0}, {"Dubai", "United Arab Emirates", "United Arab Emirates", 0},
    {"Riyadh", "Saudi Arabia", "Saudi Arabia", 0}, {"Tehran", "Iran", "Iran", 0},
    {"Baghdad", "Iraq", "Iraq", 0}, {"Beirut", "Lebanon", "Lebanon", 0},
    {"Damascus", "Syria", "Syria", 0}, {"Jerusalem", "Israel", "Israel", 0},
    {"Amman", "Jordan", "Jordan", 0}, {"Kabul", "Afghanistan", "Afghanistan", 0},
    {"Islamabad", "Pakistan", "Pakistan", 0}, {"New Delhi", "India", "India", 0},
    {"Mumbai", "India", "India", 0}, {"Dhaka", "Bangladesh", "Bangladesh", 0},
    {"Colombo", "Sri Lanka", "Sri Lanka", 0}, {"Bangkok", "Thailand", "Thailand", 0},
    {"Hanoi", "Vietnam", "Vietnam", 0}, {"Jakarta", "Indonesia", "Indonesia", 0},
    {"Manila", "Philippines", "Philippines", 0}, {"Kuala Lumpur", "Malaysia", "Malaysia", 0},
    {"Singapore", "Singapore", "Singapore", 0}, {"Hong Kong", "China", "China", 0},
    {"Shanghai", "China", "China", 0}, {"Seoul", "South Korea", "South Korea", 0},
    {"Taipei", "Taiwan", "Taiwan", 0}, {"Sydney", "Australia", "Australia", 0},
    {"Canberra", "Australia", "Australia", 0}, {"Wellington", "New Zealand", "New Zealand", 0},
    {"Ottawa", "Ontario", "Canada", 0}, {"Toronto", "Ontario", "Canada", 0},
    {"Mexico City", "Mexico", "Mexico", 0}, {"Havana", "Cuba", "Cuba", 0},
    {"Caracas", "Venezuela", "Venezuela", 0}, {"Bogota", "Colombia", "Colombia", 0},
    {"Lima", "Peru", "Peru", 0}, {"Santiago", "Chile", "Chile", 0},
    {"Buenos Aires", "Argentina", "Argentina", 0}, {"Brasilia", "Brazil", "Brazil", 0},
    {"Sao Paulo", "Brazil", "Brazil", 0}, {"Rio de Janeiro", "Brazil", "Brazil", 0},
    {"Johannesburg", "South Africa", "South Africa", 0}, {"Cape Town", "South Africa", "South Africa", 0},
    {"Nairobi", "Kenya", "Kenya", 0}, {"Addis Ababa", "Ethiopia", "Ethiopia", 0},
    {"Lagos", "Nigeria", "Nigeria", 0}, {"Abuja", "Nigeria", "Nigeria", 0},
    {"Accra", "Ghana", "Ghana", 0}, {"Dakar", "Senegal", "Senegal", 0},
    {"Kinshasa", "Congo", "Congo", 0}, {"Kampala", "Uganda", "Uganda", 0},
    {"Harare", "Zimbabwe", "Zimbabwe", 0}, {"Lusaka", "Zambia", "Zambia", 0},
    {"Khartoum", "Sudan", "Sudan", 0}, {"Tripoli", "Libya", "Libya", 0},
    {"Tunis", "Tunisia", "Tunisia", 0}, {"Algiers", "Algeria", "Algeria", 0},
    {"Rabat", "Morocco", "Morocco", 0}, {"Warsaw", "Poland", "Poland", 0},
    {"Prague", "Czech Republic", "Czech Republic", 0}, {"Budapest", "Hungary", "Hungary", 0},
    {"Bucharest", "Romania", "Romania", 0}, {"Sofia", "Bulgaria", "Bulgaria", 0},
    {"Belgrade", "Serbia", "Serbia", 0}, {"Zagreb", "Croatia", "Croatia", 0},
    {"Minsk", "Belarus", "Belarus", 0}, {"Vilnius", "Lithuania", "Lithuania", 0},
    {"Riga", "Latvia", "Latvia", 0}, {"Tallinn", "Estonia", "Estonia", 0},
    {"Helsinki", "Finland", "Finland", 0}, {"Stockholm", "Sweden", "Sweden", 0},
    {"Oslo", "Norway", "Norway", 0}, {"Copenhagen", "Denmark", "Denmark", 0},
    {"Amsterdam", "Netherlands", "Netherlands", 0}, {"The Hague", "Netherlands", "Netherlands", 0},
    {"Dublin", "Ireland", "Ireland", 0}, {"Zurich", "Switzerland", "Switzerland", 0},
    {"Frankfurt", "Germany", "Germany", 0}, {"Milan", "Italy", "Italy", 0},
    {"Tbilisi", "Georgia", "Georgia", 0}, {"Yerevan", "Armenia", "Armenia", 0},
    {"Baku", "Azerbaijan", "Azerbaijan", 0}, {"Tashkent", "Uzbekistan", "Uzbekistan", 0},
    {"Doha", "Qatar", "Qatar", 0}, {"Abu Dhabi", "United Arab Emirates", "United Arab Emirates", 0},
    {"Chicago", "Illinois", "U.S.", 0}, {"Los Angeles", "California", "U.S.", 0},
    {"San Francisco", "California", "U.S.", 0}, {"Houston", "Texas", "U.S.", 0},
    {"Sochi", "Russia", "Russia", 1}, {"Vladivostok", "Russia", "Russia", 1},
    {"Novosibirsk", "Russia", "Russia", 1}, {"Kazan", "Russia", "Russia", 1},
    {"Kharkiv", "Ukraine", "Ukraine", 1}, {"Odessa", "Ukraine", "Ukraine", 1},
    {"Lviv", "Ukraine", "Ukraine", 1}, {"Gdansk", "Poland", "Poland", 1},
    {"Krakow", "Poland", "Poland", 1}, {"Lyon", "France", "France", 1},
    {"Marseille", "France", "France", 1}, {"Munich", "Germany", "Germany", 1},
    {"Hamburg", "Germany", "Germany", 1}, {"Naples", "Italy", "Italy", 1},
    {"Barcelona", "Spain", "Spain", 1}, {"Porto", "Portugal", "Portugal", 1},
    {"Thessaloniki", "Greece", "Greece", 1}, {"Izmir", "Turkey", "Turkey", 1},
    {"Basra", "Iraq", "Iraq", 1}, {"Erbil", "Iraq", "Iraq", 1},
    {"Alexandria", "Egypt", "Egypt", 1}, {"Jeddah", "Saudi Arabia", "Saudi Arabia", 1},
    {"Karachi", "Pakistan", "Pakistan", 1}, {"Lahore", "Pakistan", "Pakistan", 1},
    {"Chennai", "India", "India", 1}, {"Kolkata", "India", "India", 1},
    {"Bengaluru", "India", "India", 1}, {"Chittagong", "Bangladesh", "Bangladesh", 1},
    {"Ho Chi Minh City", "Vietnam", "Vietnam", 1}, {"Surabaya", "Indonesia", "Indonesia", 1},
    {"Cebu", "Philippines", "Philippines", 1}, {"Busan", "South Korea", "South Korea", 1},
    {"Osaka", "Japan", "Japan", 1}, {"Fukuoka", "Japan", "Japan", 1},
    {"Guangzhou", "China", "China", 1}, {"Shenzhen", "China", "China", 1},
    {"Wuhan", "China", "China", 1}, {"Chengdu", "China", "China", 1},
    {"Xiamen", "China", "China", 1}, {"Perth", "Australia", "Australia", 1},
    {"Auckland", "New Zealand", "New Zealand", 1}, {"Vancouver", "British Columbia", "Canada", 1},
    {"Calgary", "Alberta", "Canada", 1}, {"Monterrey", "Mexico", "Mexico", 1},
    {"Guadalajara", "Mexico", "Mexico", 1}, {"Medellin", "Colombia", "Colombia", 1},
    {"Cordoba", "Argentina", "Argentina", 1}, {"Valparaiso", "Chile", "Chile", 1},
    {"Durban", "South Africa", "South Africa", 1}, {"Mombasa", "Kenya", "Kenya", 1},
    {"Kano", "Nigeria", "Nigeria", 1}, {"Goma", "Congo", "Congo", 1},
    {"Benghazi", "Libya", "Libya", 1}, {"Casablanca", "Morocco", "Morocco", 1},
    {"Dallas", "Texas", "U.S.", 1}, {"Austin", "Texas", "U.S.", 1},
    {"Miami", "Florida", "U.S.", 1}, {"Tallahassee", "Florida", "U.S.", 1},
    {"Atlanta", "Georgia", "U.S.", 1}, {"Detroit", "Michigan", "U.S.", 1},
    {"Seattle", "Washington", "U.S.", 1}, {"Boston", "Massachusetts", "U.S.", 1},
    {"Denver", "Colorado", "U.S.", 1}, {"Phoenix", "Arizona", "U.S.", 1},
    {"Sacramento", "California", "U.S.", 1}, {"Albany", "New York", "U.S.", 1},
    {"Des Moines", "Iowa", "U.S.", 1}, {"Cleveland", "Ohio", "U.S.", 1},
    {"Pittsburgh", "Pennsylvania", "U.S.", 1}, {"New Orleans", "Louisiana", "U.S.", 1},
    {"Nashville", "Tennessee", "U.S.", 1}, {"Anchorage", "Alaska", "U.S.", 1},
    {"Honolulu", "Hawaii", "U.S.", 1}, {"Minneapolis", "Minnesota", "U.S.", 1},
    {"Charlotte", "North Carolina", "U.S.", 1}, {"Las Vegas", "Nevada", "U.S.", 1},
    {"Portland", "Oregon", "U.S.", 1}, {"Salt Lake City", "Utah", "U.S.", 1},
};

static const char *const INSTITUTION[] = {
    "the central bank", "the finance ministry", "the European Union", "the United Nations",
    "parliament", "the foreign ministry", "NATO", "the International Monetary Fund", "the Kremlin",
    "the White House", "the defence ministry", "the World Bank", "OPEC", "the European Commission",
    "the interior ministry", "the Security Council", "the economy ministry", "the African Union",
    "the World Health Organization", "the health ministry", "the statistics office",
    "the election commission", "the energy ministry", "the supreme court", "the constitutional court",
    "the trade ministry", "the navy", "the army", "the justice ministry", "the coast guard",
    "the state audit office", "the competition authority", "the European Central Bank",
    "the Group of 20", "the World Trade Organization",
};

static const char *const OFFICE[] = {
    "President", "Prime Minister", "Foreign Minister", "Finance Minister", "Defence Minister",
    "Economy Minister", "Energy Minister", "Interior Minister", "Trade Minister",
    "Health Minister", "Justice Minister", "Deputy Prime Minister", "central bank Governor",
    "opposition leader", "Deputy Foreign Minister", "Agriculture Minister", "Labour Minister",
    "Transport Minister", "army chief", "parliament speaker",
};

static const char *const COMPANY_STEM[] = {
    "Arvanta", "Belmora", "Cindral", "Dovetek", "Estrava", "Fjordline", "Galvani", "Halcyon",
    "Ironvale", "Jantara", "Kestrel", "Lumora", "Meridia", "Norvex", "Orbitra", "Pemberly",
    "Quorra", "Ravensfield", "Solvane", "Tarkon", "Umbrio", "Veltria", "Westmarch", "Xandor",
    "Yarrowby", "Zephyra", "Aldmoor", "Brightwater", "Corvina", "Duskhaven", "Emberline",
    "Falkreach", "Greystone", "Hollins", "Istrava", "Juniper", "Kordell", "Larkspur", "Mistral",
    "Northgate",
};
static const char *const COMPANY_KIND[] = {
    "Holdings", "Energy", "Bank", "Motors", "Telecom", "Pharmaceuticals", "Airlines", "Mining",
    "Group", "Logistics", "Steel", "Petroleum", "Insurance", "Capital", "Foods", "Shipping",
    "Technologies", "Chemicals", "Media", "Semiconductor",
};

static const char *const FIRST[] = {
    "Ana", "Bogdan", "Camille", "Dmitri", "Elena", "Farid", "Gabrielle", "Hiroshi", "Ingrid",
    "Javier", "Katarzyna", "Lars", "Mariam", "Nikolai", "Olga", "Pieter", "Rania", "Sebastián",
    "Tomás", "Ulrike", "Valentina", "Wen", "Yusuf", "Zoë", "Amélie", "Björn", "Chloé", "Darius",
    "Émile", "Fatima", "Giorgos", "Hélène", "Ivan", "Jürgen", "Kofi", "Leila", "Mateo", "Noémie",
    "Oksana", "Priya", "Rafael", "Søren", "Tamar", "Uri", "Vikram", "Wiktoria", "Xavier", "Yara",
    "Zbigniew", "Łukasz", "José", "François", "Renée", "Agnès", "Stéphane", "Mei", "Arjun",
    "Nadia", "Kwame", "Inés", "Carlos", "Sarah", "Michael", "David", "Emma", "James", "Laura",
    "Thomas", "Anna", "Peter", "Maria", "Daniel", "Julia", "Andrew", "Sofia", "Marco", "Hannah",
    "Omar", "Grace", "Henrik", "Aiko", "Bruno", "Céline", "Dario", "Esther", "Felipe",
};
static const char *const LAST[] = {
    "Tétrault", "Duval", "Okafor", "Lindqvist", "Moreau", "Kowalczyk", "Haddad", "Nakamura",
    "Petrenko", "Castellanos", "Abernathy", "Brightwell", "Carrington", "Eriksen", "Fairbanks",
    "Galloway", "Hartmann", "Jankowski", "Kessler", "Lamothe", "Mbatha", "Novak", "Ostrowski",
    "Pellegrini", "Quintero", "Rasmussen", "Sandoval", "Thorne", "Uchenna", "Vasquez",
    "Whitcombe", "Yilmaz", "Zielinski", "Müller", "Åberg", "Dvořák", "Gonçalves", "Ibáñez",
    "Çelik", "Nørgaard", "Brønstad", "Lefèvre", "Šimić", "Öztürk", "Papadakis", "Chaudhry",
    "Osei", "Adeyemi", "Takahashi", "Park", "Nguyen", "Morrison", "Fletcher", "Beaumont",
    "Ashworth", "Kingsley", "Marchetti", "Rossi", "Varga", "Horváth", "Popescu", "Georgiev",
    "Kovalenko", "Bondarenko", "Volkova", "Al-Rashid", "El-Masri", "Ben-David", "Delgado",
    "Fontaine", "Grünwald", "Hasegawa", "Idowu", "Jovanović", "Kaczmarek", "Laurent", "Mendoza",
    "Nieminen", "Oyelaran", "Pruitt", "Renaud", "Sørensen", "Trujillo", "Ueda", "Valdés",
    "Wójcik", "Xu", "Yamamoto", "Zamora", "Marchand",
};

/* ------------------------------------------------------------------------ */
/* Built tables.                                                            */

typedef struct { str_t sg, pl; } noun_t;
typedef struct { str_t base, s3, past, ppart, ing; } verb_t;
typedef struct { str_t full, surname; uint32_t country, office, company; } person_t;

static noun_t *NOUN;  static uint32_t NNOUN;
static verb_t *VT, *VI, *VSAY;  static uint32_t NVT, NVI, NVSAY;
static str_t *ADJ, *DADJ, *ADV;  static uint32_t NADJ, NDADJ, NADV;
static str_t *COMPANY;  static uint32_t NCOMPANY;
static person_t *PEOPLE;  static uint32_t NPEOPLE;

static zipf_t Z_NOUN, Z_VT, Z_VI, Z_VSAY, Z_ADJ, Z_DADJ, Z_ADV, Z_COMPANY, Z_COUNTRY, Z_CITY,
    Z_INST, Z_REPORTER, Z_PHOTOG, Z_NEWSMAKER;

/* people pool: [0, NJOURNO) journalists, then photographers, then newsmakers */
#define NPOOL 2000u
#define NJOURNO 600u
#define NPHOTOG 300u
#define NMAKER (NPOOL - NJOURNO - NPHOTOG)

/* arena for built strings */
static char *ARENA;
static size_t ARENA_LEN, ARENA_CAP;

static str_t intern(const char *s, size_t n)
{
    str_t r;
    if (ARENA_LEN + n + 1 > ARENA_CAP) {
        ARENA_CAP = (size_t)1 << 20;
        ARENA = xmalloc(ARENA_CAP);   /* old blocks stay referenced */
        ARENA_LEN = 0;
    }
    memcpy(ARENA + ARENA_LEN, s, n);
    ARENA[ARENA_LEN + n] = 0;
    r.s = ARENA + ARENA_LEN;
    r.n = (uint32_t)n;
    ARENA_LEN += n + 1;
    return r;
}
static str_t internz(const char *s) { return intern(s, strlen(s)); }
static str_t cat2(const char *a, const char *sep, const char *b)
{
    char t[256];
    int n = snprintf(t, sizeof t, "%s%s%s", a, sep, b);
    return intern(t, (size_t)n);
}

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

static void build_nouns(void)
{
    NNOUN = NELEM(NOUN_SRC);
    NOUN = xmalloc(NNOUN * sizeof *NOUN);
    for (uint32_t i = 0; i < NNOUN; i++) {
        const char *src = NOUN_SRC[i], *slash = strchr(src, '/');
        char t[128];
        size_t n;
        if (slash) {
            NOUN[i].sg = intern(src, (size_t)(slash - src));
            NOUN[i].pl = slash[1] ? internz(slash + 1) : NOUN[i].sg;
            continue;
        }
        n = strlen(src);
        NOUN[i].sg = intern(src, n);
        memcpy(t, src, n + 1);
        if (src[n - 1] == 's' || src[n - 1] == 'x' || src[n - 1] == 'z' ||
            (n > 1 && (src[n - 1] == 'h') && (src[n - 2] == 'c' || src[n - 2] == 's'))) {
            strcpy(t + n, "es");
        } else if (n > 1 && src[n - 1] == 'y' && !is_vowel(src[n - 2])) {
            strcpy(t + n - 1, "ies");
        } else {
            strcpy(t + n, "s");
        }
        NOUN[i].pl = internz(t);
    }
}

static void build_verbs(const char *const *src, uint32_t n, verb_t **out)
{
    verb_t *v = xmalloc(n * sizeof *v);
    for (uint32_t i = 0; i < n; i++) {
        char base[64], past[64], ppart[64], t[80];
        const char *c1 = strchr(src[i], ':');
        size_t bl = c1 ? (size_t)(c1 - src[i]) : strlen(src[i]);
        int dbl = 0;
        memcpy(base, src[i], bl);
        base[bl] = 0;
        if (bl && base[bl - 1] == '+') { dbl = 1; base[--bl] = 0; }
        past[0] = ppart[0] = 0;
        if (c1) {
            const char *c2 = strchr(c1 + 1, ':');
            size_t pl = c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1);
            memcpy(past, c1 + 1, pl);
            past[pl] = 0;
            strcpy(ppart, c2 ? c2 + 1 : past);
        }
        v[i].base = internz(base);
        /* third person singular */
        memcpy(t, base, bl + 1);
        if (base[bl - 1] == 's' || base[bl - 1] == 'x' || base[bl - 1] == 'z' || base[bl - 1] == 'o' ||
            (bl > 1 && base[bl - 1] == 'h' && (base[bl - 2] == 'c' || base[bl - 2] == 's')))
            strcpy(t + bl, "es");
        else if (bl > 1 && base[bl - 1] == 'y' && !is_vowel(base[bl - 2]))
            strcpy(t + bl - 1, "ies");
        else
            strcpy(t + bl, "s");
        v[i].s3 = internz(t);
        /* regular past */
        if (!past[0]) {
            memcpy(t, base, bl + 1);
            if (dbl) { t[bl] = base[bl - 1]; strcpy(t + bl + 1, "ed"); }
            else if (base[bl - 1] == 'e') strcpy(t + bl, "d");
            else if (bl > 1 && base[bl - 1] == 'y' && !is_vowel(base[bl - 2])) strcpy(t + bl - 1, "ied");
            else strcpy(t + bl, "ed");
            strcpy(past, t);
            strcpy(ppart, t);
        }
        v[i].past = internz(past);
        v[i].ppart = internz(ppart);
        /* -ing */
        memcpy(t, base, bl + 1);
        if (dbl) { t[bl] = base[bl - 1]; strcpy(t + bl + 1, "ing"); }
        else if (bl > 2 && base[bl - 1] == 'e' && base[bl - 2] != 'e')
            strcpy(t + bl - 1, "ing");
        else
            strcpy(t + bl, "ing");
        v[i].ing = internz(t);
    }
    *out = v;
}

static str_t *build_strs(const char *const *src, uint32_t n)
{
    str_t *s = xmalloc(n * sizeof *s);
    for (uint32_t i = 0; i < n; i++) s[i] = internz(src[i]);
    return s;
}

static uint32_t hash_str(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 16777619u; }
    return h;
}

static void build_tables(void)
{
    rng_t vr = {UINT64_C(0x6E657773696478)};   /* fixed: vocabulary is seed independent */

    build_nouns();
    NVT = NELEM(VT_SRC); build_verbs(VT_SRC, NVT, &VT);
    NVI = NELEM(VI_SRC); build_verbs(VI_SRC, NVI, &VI);
    NVSAY = NELEM(VSAY_SRC); build_verbs(VSAY_SRC, NVSAY, &VSAY);
    NADJ = NELEM(ADJ_SRC); ADJ = build_strs(ADJ_SRC, NADJ);
    NADV = NELEM(ADV_SRC); ADV = build_strs(ADV_SRC, NADV);

    /* rare derived modifiers: noun-suffix, prefix-noun, prefix-adjective; shuffled */
    {
        uint32_t nn = NNOUN < 320 ? NNOUN : 320, cap = nn * (NELEM(DSUFFIX) + NELEM(DPREFIX)) + NADJ * 4;
        DADJ = xmalloc(cap * sizeof *DADJ);
        NDADJ = 0;
        for (uint32_t i = 0; i < nn; i++) {
            if (strchr(NOUN[i].sg.s, ' ')) continue;
            for (uint32_t j = 0; j < NELEM(DSUFFIX); j++)
                DADJ[NDADJ++] = cat2(NOUN[i].sg.s, "-", DSUFFIX[j]);
            for (uint32_t j = 0; j < NELEM(DPREFIX); j++)
                if (rbelow_r(&vr, 3) == 0) DADJ[NDADJ++] = cat2(DPREFIX[j], "-", NOUN[i].sg.s);
        }
        for (uint32_t i = 0; i < NADJ; i++)
            for (uint32_t j = 0; j < 4; j++) {
                const char *p = DPREFIX[rbelow_r(&vr, NELEM(DPREFIX))];
                if (!strchr(ADJ[i].s, '-') && rbelow_r(&vr, 2)) DADJ[NDADJ++] = cat2(p, "-", ADJ[i].s);
            }
        for (uint32_t i = NDADJ; i > 1; i--) {
            uint32_t j = rbelow_r(&vr, i);
            str_t t = DADJ[i - 1]; DADJ[i - 1] = DADJ[j]; DADJ[j] = t;
        }
    }

    /* companies */
    {
        uint32_t n = NELEM(COMPANY_STEM) * NELEM(COMPANY_KIND);
        NCOMPANY = 0;
        COMPANY = xmalloc(n * sizeof *COMPANY);
        for (uint32_t i = 0; i < NELEM(COMPANY_STEM); i++)
            for (uint32_t j = 0; j < NELEM(COMPANY_KIND); j++)
                COMPANY[NCOMPANY++] = cat2(COMPANY_STEM[i], " ", COMPANY_KIND[j]);
        for (uint32_t i = NCOMPANY; i > 1; i--) {
            uint32_t j = rbelow_r(&vr, i);
            str_t t = COMPANY[i - 1]; COMPANY[i - 1] = COMPANY[j]; COMPANY[j] = t;
        }
    }

    /* people: NPOOL distinct names */
    {
        uint32_t slots = 8192, *tab = xmalloc(slots * sizeof *tab);
        for (uint32_t i = 0; i < slots; i++) tab[i] = UINT32_MAX;
        PEOPLE = xmalloc(NPOOL * sizeof *PEOPLE);
        NPEOPLE = 0;
        while (NPEOPLE < NPOOL) {
            char t[128], sur[96];
            const char *f = FIRST[rbelow_r(&vr, NELEM(FIRST))];
            const char *l = LAST[rbelow_r(&vr, NELEM(LAST))];
            int n, dup = 0;
            uint32_t h;
            if (rbelow_r(&vr, 100) < 8) {
                const char *l2 = LAST[rbelow_r(&vr, NELEM(LAST))];
                if (l2 == l || strchr(l, '-') || strchr(l2, '-')) continue;
                snprintf(sur, sizeof sur, "%s-%s", l, l2);
            } else {
                snprintf(sur, sizeof sur, "%s", l);
            }
            n = snprintf(t, sizeof t, "%s %s", f, sur);
            h = hash_str(t, (size_t)n) & (slots - 1);
            while (tab[h] != UINT32_MAX) {
                if (PEOPLE[tab[h]].full.n == (uint32_t)n && !memcmp(PEOPLE[tab[h]].full.s, t, (size_t)n)) { dup = 1; break; }
                h = (h + 1) & (slots - 1);
            }
            if (dup) continue;
            tab[h] = NPEOPLE;
            PEOPLE[NPEOPLE].full = intern(t, (size_t)n);
            PEOPLE[NPEOPLE].surname.s = PEOPLE[NPEOPLE].full.s + strlen(f) + 1;
            PEOPLE[NPEOPLE].surname.n = (uint32_t)strlen(sur);
            PEOPLE[NPEOPLE].country = rbelow_r(&vr, 24);   /* the bigger news countries */
            PEOPLE[NPEOPLE].office = rbelow_r(&vr, NELEM(OFFICE));
            PEOPLE[NPEOPLE].company = rbelow_r(&vr, 200);
            NPEOPLE++;
        }
        free(tab);
    }

    zipf_init(&Z_NOUN, NNOUN, 3);
    zipf_init(&Z_VT, NVT, 4);
    zipf_init(&Z_VI, NVI, 2);
    zipf_init(&Z_VSAY, NVSAY, 1);
    zipf_init(&Z_ADJ, NADJ, 3);
    zipf_init(&Z_DADJ, NDADJ, 8);
    zipf_init(&Z_ADV, NADV, 2);
    zipf_init(&Z_COMPANY, 200, 4);
    zipf_init(&Z_COUNTRY, NELEM(COUNTRY), 2);
    zipf_init(&Z_CITY, NELEM(CITY), 4);
    zipf_init(&Z_INST, NELEM(INSTITUTION), 3);
    zipf_init(&Z_REPORTER, NJOURNO, 3);
    zipf_init(&Z_PHOTOG, NPHOTOG, 3);
    zipf_init(&Z_NEWSMAKER, NMAKER, 2);
}

/* ------------------------------------------------------------------------ */
/* The story being written.                                                 */

typedef struct {
    uint32_t year, month, day, wday;     /* story date; month 1..12 */
    uint32_t city, country, country2, company;
    uint32_t topic[4];
    uint32_t spk[3];                     /* PEOPLE indices */
    int spk_seen[3];
    uint32_t nspk;
} story_t;

static story_t S;
static int FIRST_BLOCK = 1;

static uint32_t days_in_month(uint32_t y, uint32_t m)
{
    static const uint8_t d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}
static uint32_t weekday(uint32_t y, uint32_t m, uint32_t d)   /* 0 = Sunday */
{
    static const uint32_t t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3) y -= 1;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static uint32_t pick_noun(void) { return chance(280) ? S.topic[rbelow(4)] : zdraw(&Z_NOUN); }
static str_t pick_adj(void) { return chance(920) ? ADJ[zdraw(&Z_ADJ)] : DADJ[zdraw(&Z_DADJ)]; }
static uint32_t pick_country(void) { return chance(500) ? (chance(700) ? S.country : S.country2) : zdraw(&Z_COUNTRY); }
static uint32_t journalist(void) { return zdraw(&Z_REPORTER); }
static uint32_t editor(void) { return NJOURNO - 1 - zdraw(&Z_REPORTER); }
static uint32_t photographer(void) { return NJOURNO + zdraw(&Z_PHOTOG); }
static uint32_t newsmaker(void) { return NJOURNO + NPHOTOG + zdraw(&Z_NEWSMAKER); }

static int wants_an(str_t s)
{
    char c = s.s[0];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c == 'u')   /* "a union", "a user", "a U.S.", but "an urgent" */
        return !(s.s[1] == '.' || s.s[1] == 's' || strncmp(s.s + 1, "ni", 2) == 0 || strncmp(s.s + 1, "ti", 2) == 0);
    if (c == 'e') return s.s[1] != 'u';   /* "a European" */
    return c == 'a' || c == 'i' || c == 'o';
}

static void w_article_for(str_t next) { wz(wants_an(next) ? "an" : "a"); }

static void block_begin(void)
{
    if (!FIRST_BLOCK) {
        uint32_t k = rbelow(1000);
        if (k < 2) putz(" \n");
        else if (k < 4) putz(NBSP "\n");
        else if (k < 6) putz("\n\n");
        else putch('\n');
    }
    FIRST_BLOCK = 0;
}
static void block_end(void) { putch('\n'); }

/* ------------------------------------------------------------------------ */
/* Grammar.                                                                 */

static int np(int depth);
static void clause(int depth);

static void w_country_name(uint32_t c) { wz(COUNTRY[c].name); }

static void w_pct(void)
{
    w_uint(rbelow(100) < 70 ? rbelow(10) : rbelow(40));
    putch('.');
    put_uint(rbelow(10));
    wz("percent");
}

static void w_money(void)
{
    uint32_t k = rbelow(6);
    if (needs_space()) putch(' ');
    if (k < 3) {
        putch('$');
        put_uint(rrange(1, 999));
        if (chance(500)) { putch('.'); put_uint(rbelow(10)); }
        wz(k == 0 ? "billion" : k == 1 ? "million" : "trillion");
    } else {
        put_uint(rrange(1, 999));
        if (chance(400)) { putch('.'); put_uint(rbelow(10)); }
        wz(rbelow(2) ? "million" : "billion");
        wz(k == 3 ? "euros" : k == 4 ? "yen" : "roubles");
    }
}

static void w_count(void)
{
    uint32_t k = rbelow(10);
    if (k < 5) w_uint(rrange(2, 99));
    else if (k < 8) w_uint(rrange(100, 999));
    else { w_uint(rrange(1, 99)); putch(','); char t[4] = {(char)('0' + rbelow(10)), (char)('0' + rbelow(10)), (char)('0' + rbelow(10)), 0}; putz(t); }
}

static void w_year(void) { w_uint(chance(800) ? S.year - rbelow(4) : rrange(1990, 2014)); }

static void time_phrase(void)
{
    switch (rbelow(14)) {
    case 0: case 1: case 2: wz("on"); wz(WEEKDAY[chance(600) ? S.wday : rbelow(7)]); break;
    case 3: wz("last week"); break;
    case 4: wz("this year"); break;
    case 5: wz("in"); wz(MONTH[rbelow(12)]); break;
    case 6: wz("in"); w_year(); break;
    case 7: wz("earlier this month"); break;
    case 8: wz("next year"); break;
    case 9: wz("by the end of"); w_uint(S.year + rbelow(6)); break;
    case 10: wz("last month"); break;
    case 11: wz("in the first quarter"); break;
    case 12: wz("since"); w_year(); break;
    default: wz("in recent weeks"); break;
    }
}

static void pp(void)
{
    if (chance(250)) { time_phrase(); return; }
    wz(PREP[rbelow(NELEM(PREP))]);
    np(1);
}

static int common_np(void)
{
    int pl = chance(380), has_adj = chance(330);
    const noun_t *n = &NOUN[pick_noun()];
    str_t head = pl ? n->pl : n->sg, a = {0, 0};
    uint32_t d = rbelow(100);
    if (has_adj) a = pick_adj();
    if (!pl) {
        if (d < 62) wz("the");
        else if (d < 85) w_article_for(has_adj ? a : head);
        else if (d < 92) wz("its");
        else if (d < 96) wz("this");
        else wz("their");
    } else {
        if (d < 45) wz("the");
        else if (d < 70) { /* bare plural */ }
        else if (d < 78) wz("some");
        else if (d < 85) wz("many");
        else if (d < 90) wz("several");
        else if (d < 95) wz("their");
        else wz("other");
    }
    if (has_adj) ws(a);
    ws(head);
    return pl;
}

/* a person: full title and name on first mention in the story, surname after */
static void person_ref(uint32_t slot, int appositive_ok)
{
    const person_t *p = &PEOPLE[S.spk[slot]];
    if (S.spk_seen[slot]) { ws(p->surname); return; }
    S.spk_seen[slot] = 1;
    switch (rbelow(appositive_ok ? 10 : 8)) {
    case 0: case 1: case 2: case 3:
        wz(COUNTRY[p->country].adj); wz(OFFICE[p->office]); ws(p->full); break;
    case 4: case 5:
        wz(OFFICE[p->office]); ws(p->full); break;
    case 6:
        ws(COMPANY[p->company]); wz(chance(500) ? "Chief Executive" : "Chief Financial Officer"); ws(p->full); break;
    case 7:
        ws(p->full); break;
    default:
        ws(p->full); putch(',');
        if (chance(500)) { wz("an analyst at"); ws(COMPANY[p->company]); }
        else { wz("a"); wz(chance(500) ? "senior" : "former"); wz("official at"); wz(INSTITUTION[zdraw(&Z_INST)]); }
        break;
    }
}

static int np(int depth)
{
    uint32_t k = rbelow(100);
    if (k < 40) return common_np();
    if (k < 47) { w_country_name(pick_country()); return 0; }
    if (k < 55) {
        int pl = chance(500);
        const noun_t *n = &NOUN[pick_noun()];
        if (!pl || chance(400)) wz("the");
        wz(COUNTRY[pick_country()].adj);
        ws(pl ? n->pl : n->sg);
        return pl;
    }
    if (k < 59) { wz(INSTITUTION[zdraw(&Z_INST)]); return 0; }
    if (k < 62) { wz("the government"); return 0; }
    if (k < 67) { ws(COMPANY[chance(500) ? S.company : zdraw(&Z_COMPANY)]); return 0; }
    if (k < 77) {
        uint32_t j = rbelow(4);
        const noun_t *n = &NOUN[pick_noun()];
        int pl = chance(300);
        if (j == 0) w_country_name(pick_country());
        else if (j == 1) wz("the company");
        else if (j == 2) wz("the government");
        else ws(COMPANY[S.company]);
        putz(RSQ "s");
        if (chance(300)) ws(pick_adj());
        ws(pl ? n->pl : n->sg);
        return pl;
    }
    if (k < 85 && depth < 1) {
        int pl = chance(300);
        const noun_t *n = &NOUN[pick_noun()];
        wz("the");
        ws(pl ? n->pl : n->sg);
        wz("of");
        np(depth + 1);
        return pl;
    }
    if (k < 93) {
        const noun_t *n = &NOUN[pick_noun()];
        switch (rbelow(4)) {
        case 0: w_count(); break;
        case 1: wz(chance(500) ? "dozens of" : "hundreds of"); break;
        case 2: wz("at least"); w_count(); break;
        default: wz(chance(500) ? "more than" : "about"); w_count(); break;
        }
        ws(n->pl);
        return 1;
    }
    person_ref(rbelow(S.nspk), 0);
    return 0;
}

static const char *const INTENT[] = {
    "planned", "agreed", "sought", "vowed", "threatened", "refused", "failed", "decided",
    "promised", "wanted", "declined", "hoped", "aimed", "moved",
};
static const char *const MODAL[] = { "could", "may", "might", "will", "should", "must", "would" };

static void clause(int depth)
{
    int pl;
    uint32_t k = rbelow(100);
    const verb_t *v = &VT[zdraw(&Z_VT)];
    pl = chance(150) ? (person_ref(rbelow(S.nspk), 0), 0) : np(depth);
    if (k < 34) {
        if (chance(90)) ws(ADV[zdraw(&Z_ADV)]);
        ws(v->past); np(depth + 1);
        if (chance(450)) pp();
    } else if (k < 42) {
        wz("would"); ws(v->base); np(depth + 1);
        if (chance(300)) pp();
    } else if (k < 51) {
        wz(pl ? "have" : "has"); ws(v->ppart); np(depth + 1);
    } else if (k < 57) {
        wz(pl ? "are" : "is"); ws(v->ing); np(depth + 1);
        if (chance(300)) pp();
    } else if (k < 64) {
        wz(INTENT[rbelow(NELEM(INTENT))]); wz("to"); ws(v->base); np(depth + 1);
    } else if (k < 74) {
        const verb_t *m = &VI[zdraw(&Z_VI)];
        ws(m->past);
        if (chance(450)) w_pct();
        if (chance(300)) { wz("to"); w_money(); }
        if (chance(500)) pp();
    } else if (k < 81) {
        wz(MODAL[rbelow(NELEM(MODAL))]); ws(v->base); np(depth + 1);
    } else if (k < 86) {
        wz("did not"); ws(v->base); np(depth + 1);
    } else if (k < 92 && depth < 1) {
        ws(VSAY[zdraw(&Z_VSAY)].past); if (chance(700)) wz("that");
        clause(depth + 1);
    } else {
        wz(pl ? "were" : "was"); ws(v->ppart); pp();
    }
}

static const char *const GENERIC_SPEAKER[] = {
    "officials", "analysts", "a government spokesman", "a government spokeswoman", "diplomats",
    "a senior official", "two sources familiar with the matter", "the ministry", "the company",
    "a person with knowledge of the talks", "economists", "traders", "residents", "witnesses",
    "police", "the statement",
};

static void speaker(int appositive_ok)
{
    uint32_t k = rbelow(100);
    if (k < 55) { person_ref(rbelow(S.nspk), appositive_ok); return; }
    if (k < 65) { wz("a spokesman for"); wz(INSTITUTION[zdraw(&Z_INST)]); return; }
    if (k < 72) { wz("a senior"); wz(COUNTRY[pick_country()].adj); wz("official"); return; }
    if (k < 78) { ws(COMPANY[S.company]); return; }
    wz(GENERIC_SPEAKER[rbelow(NELEM(GENERIC_SPEAKER))]);
}

static const char *const AUDIENCE[] = {
    "reporters", "journalists", "lawmakers", "a news conference", "Reuters", "state television",
    "a briefing", "parliament", "supporters", "a local newspaper", "investors",
};
static const char *const INTRO[] = {
    "Last week", "Last month", "Earlier this year", "Separately", "Meanwhile", "However",
    "In a statement", "At the same time", "In recent weeks", "Over the past decade", "By contrast",
    "As a result", "Under the plan", "Under the agreement", "In a separate development",
    "On the ground", "For now", "In the meantime", "Still", "Even so",
};
static const char *const SOURCE_PHRASE[] = {
    "official data", "a document seen by Reuters", "people familiar with the matter",
    "a Reuters tally", "government figures", "local media", "two diplomats", "the latest survey",
    "preliminary estimates", "a copy of the draft",
};
static const char *const CONJ[] = { "but", "and", "while", "as", "after", "because", "although", "since" };

static void sentence(void)
{
    size_t start;
    uint32_t k = rbelow(100);
    if (needs_space()) putch(' ');
    start = O->len;
    if (k < 18) {
        clause(0); putch(','); speaker(0); wz("said");
        if (chance(400)) time_phrase();
        putch('.');
    } else if (k < 28) {
        putz(LDQ); clause(0); putz("," RDQ); speaker(0); wz("said."); 
    } else if (k < 33) {
        putz(LDQ); clause(0); putz("," RDQ); wz("said"); speaker(1); putch('.');
    } else if (k < 36) {
        size_t q;
        putz(LDQ); clause(0); putz("," RDQ); speaker(0); wz("told"); wz(AUDIENCE[rbelow(NELEM(AUDIENCE))]);
        putz(". ");
        q = O->len;
        putz(LDQ); clause(0); putz("." RDQ);
        cap_at(q);
    } else if (k < 47) {
        speaker(0);
        if (chance(300)) { wz("told"); wz(AUDIENCE[rbelow(NELEM(AUDIENCE))]); }
        else { ws(VSAY[zdraw(&Z_VSAY)].past); if (chance(400)) time_phrase(); }
        if (chance(600)) wz("that");
        clause(0); putch('.');
    } else if (k < 53) {
        const verb_t *m = &VI[zdraw(&Z_VI)];
        np(0);
        ws(m->past); w_pct();
        if (chance(600)) { wz("to"); w_money(); }
        wz("in"); wz(chance(500) ? MONTH[rbelow(12)] : "the first quarter");
        putch(','); wz(chance(500) ? "data showed" : "figures showed"); putch('.');
    } else if (k < 64) {
        clause(0);
        if (chance(500)) putch(',');
        wz(CONJ[rbelow(NELEM(CONJ))]);
        clause(1); putch('.');
    } else if (k < 75) {
        uint32_t j = rbelow(3);
        if (j == 0) { wz("on"); wz(WEEKDAY[S.wday]); }
        else if (j == 1) { wz("in"); wz(chance(500) ? MONTH[rbelow(12)] : "the past year"); }
        else wz(INTRO[rbelow(NELEM(INTRO))]);
        putch(','); clause(0); putch('.');
    } else if (k < 80) {
        clause(0); putch(','); wz("according to"); wz(SOURCE_PHRASE[rbelow(NELEM(SOURCE_PHRASE))]); putch('.');
    } else if (k < 90) {
        clause(0); pp(); putch('.');
    } else if (k < 94) {
        const verb_t *v = &VT[zdraw(&Z_VT)];
        person_ref(rbelow(S.nspk), 0);
        putch(','); wz("who"); ws(v->past); np(1); pp(); putch(',');
        ws(VSAY[zdraw(&Z_VSAY)].past); if (chance(500)) wz("that"); clause(1); putch('.');
    } else if (k < 97) {
        speaker(0);
        switch (rbelow(3)) {
        case 0: wz("declined to comment"); break;
        case 1: wz("did not respond to a request for comment"); break;
        default: wz("could not immediately be reached for comment"); break;
        }
        putch('.');
    } else {
        const verb_t *v = &VT[zdraw(&Z_VT)];
        putz(LDQ); wz(chance(500) ? "Why" : "How"); wz(MODAL[rbelow(NELEM(MODAL))]);
        np(1); ws(v->base); np(1); putz("?" RDQ); speaker(0); wz("asked.");
    }
    cap_at(start);
}

static void paragraph_body(uint32_t nsent)
{
    for (uint32_t i = 0; i < nsent; i++) sentence();
}

static uint32_t sentence_count(void)
{
    uint32_t k = rbelow(100);
    return k < 35 ? 1 : k < 75 ? 2 : k < 93 ? 3 : 4;
}

/* ------------------------------------------------------------------------ */
/* Story parts.                                                             */

static const char *const CAP_VERB[] = {
    "attends a news conference", "speaks during a news conference", "arrives for a meeting",
    "gestures during an interview", "looks on during a session of parliament",
    "delivers a speech", "waves to supporters", "attends a ceremony", "speaks to the media",
    "arrives for talks", "attends a summit", "listens during a hearing", "walks to a meeting",
    "poses for a picture", "addresses a rally",
};
static const char *const CAP_CROWD[] = {
    "Protesters", "Workers", "Soldiers", "Supporters", "Police officers", "Residents", "Rescuers",
    "Demonstrators", "Farmers", "Journalists", "Delegates", "Traders", "Students", "Volunteers",
};
static const char *const CAP_CROWD_VERB[] = {
    "gather near", "march past", "stand next to", "wait outside", "inspect", "walk along",
    "take part in a rally near", "block", "clear debris from", "queue outside",
};

static void w_date_full(uint32_t y, uint32_t m, uint32_t d)
{
    wz(MONTH[m - 1]); w_uint(d); putch(','); w_uint(y);
}

static void w_caption_place(uint32_t c, int comma_before_date)
{
    const city_t *ci = &CITY[c];
    wz(ci->name); putch(','); wz(ci->region);
    if (strcmp(ci->region, ci->country)) { putch(','); wz(ci->country); }
    if (comma_before_date) putch(',');
}

static void caption(int file_photo)
{
    uint32_t y = S.year, m = S.month, d = S.day, c = chance(600) ? S.city : zdraw(&Z_CITY);
    uint32_t k = rbelow(100);
    int comma = chance(800);
    size_t start;
    if (file_photo) {   /* an older picture */
        uint32_t back = S.year - 2015 + 1;
        y = S.year - rbelow(back < 4 ? back : 4); m = rrange(1, 12); d = rrange(1, days_in_month(y, m));
        k = rbelow(3);
        if (k == 0) putz("FILE PHOTO: ");
        else if (k == 1) putz("FILE PHOTO - ");
        else putz(chance(500) ? "FILE PICTURE: " : "FILE PHOTO: ");
        k = rbelow(100);
    }
    start = O->len;
    if (k < 45) {
        const person_t *p = &PEOPLE[S.spk[0]];
        if (chance(700)) { wz(COUNTRY[p->country].adj); wz(OFFICE[p->office]); }
        ws(p->full); wz(CAP_VERB[rbelow(NELEM(CAP_VERB))]); wz("in");
    } else if (k < 65) {
        wz(CAP_CROWD[rbelow(NELEM(CAP_CROWD))]); wz(CAP_CROWD_VERB[rbelow(NELEM(CAP_CROWD_VERB))]);
        common_np(); wz("in");
    } else if (k < 82) {
        wz("A view shows"); common_np(); wz("in");
    } else if (k < 92) {
        wz("The logo of"); ws(COMPANY[S.company]); wz("is seen");
        wz(chance(500) ? "at its headquarters in" : "on a building in");
    } else {
        const noun_t *n = &NOUN[pick_noun()];
        w_article_for(n->sg); ws(n->sg); wz(chance(500) ? "is seen" : "stands");
        wz(PREP[rbelow(NELEM(PREP))]); common_np(); wz("in");
    }
    cap_at(start);
    w_caption_place(c, comma);
    w_date_full(y, m, d); putch('.');
    if (!file_photo && chance(80)) { wz("Picture taken"); w_date_full(y, m, d); putch('.'); }
    if (chance(file_photo ? 950 : 820)) {
        uint32_t j = rbelow(100);
        putch(' ');
        if (j < 88) {
            putz("REUTERS/"); puts_s(PEOPLE[photographer()].full);
            if (file_photo && chance(800)) putz("/File Photo");
        } else if (j < 93) {
            puts_s(PEOPLE[photographer()].full); putz("/Pool via REUTERS");
        } else if (j < 97) {
            putz("Handout/"); puts_s(PEOPLE[photographer()].full); putz(" via REUTERS");
        } else {
            putz(COUNTRY[S.country].adj); putz(" Presidential Press Service/Handout via REUTERS");
        }
    }
}

static void w_names(const uint32_t *ids, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i) { if (i == n - 1) wz("and"); else putch(','); }
        ws(PEOPLE[ids[i]].full);
    }
}

static uint32_t distinct_people(uint32_t *ids, uint32_t n, uint32_t (*pick)(void))
{
    for (uint32_t i = 0; i < n; i++) {
        uint32_t tries = 0, x;
    again:
        x = pick();
        for (uint32_t j = 0; j < i; j++)
            if (ids[j] == x && ++tries < 20) goto again;
        ids[i] = x;
    }
    return n;
}

static uint32_t nnames(void) { uint32_t k = rbelow(100); return k < 70 ? 1 : k < 94 ? 2 : 3; }

static void w_credit_place(uint32_t c)
{
    wz("in");
    if (chance(30)) { if (needs_space()) putch(' '); put_upper(CITY[c].name); }
    else wz(CITY[c].name);
}

static void role(const char *cap, const char *lower, int idx, int lower_style)
{
    if (idx) putz(lower_style ? "," : ";");
    wz(idx && lower_style ? lower : cap);
}

static void credit_line(const uint32_t *byl, uint32_t nbyl)
{
    uint32_t ids[3], n, k = rbelow(100), r = 0;
    int low = chance(180);
    putch('(');
    if (k < 65) {   /* reporting, maybe additional reporting, maybe writing; editing */
        if (nbyl && chance(700)) { memcpy(ids, byl, nbyl * sizeof *ids); n = nbyl; }
        else n = distinct_people(ids, nnames(), journalist);
        role("Reporting by", "reporting by", (int)r++, low); w_names(ids, n);
        if (chance(500)) w_credit_place(chance(700) ? S.city : zdraw(&Z_CITY));
        if (chance(300)) {
            role("Additional reporting by", "additional reporting by", (int)r++, low);
            n = distinct_people(ids, nnames(), journalist);
            for (uint32_t i = 0; i < n; i++) {
                if (i) { if (i == n - 1) wz("and"); else putch(','); }
                ws(PEOPLE[ids[i]].full);
                if (chance(700)) w_credit_place(zdraw(&Z_CITY));
            }
        }
        if (chance(350)) { role("Writing by", "writing by", (int)r++, low); n = distinct_people(ids, 1, journalist); w_names(ids, n); }
        if (chance(920)) { role("Editing by", "editing by", (int)r++, low); n = distinct_people(ids, rbelow(3) ? 1 : 2, editor); w_names(ids, n); }
    } else if (k < 82) {
        role("Writing by", "writing by", (int)r++, low); n = distinct_people(ids, 1, journalist); w_names(ids, n);
        role("Editing by", "editing by", (int)r++, low); n = distinct_people(ids, rbelow(3) ? 1 : 2, editor); w_names(ids, n);
    } else if (k < 94) {
        role("Editing by", "editing by", (int)r++, low); n = distinct_people(ids, rbelow(4) ? 1 : 2, editor); w_names(ids, n);
    } else {
        role("Reporting by", "reporting by", (int)r++, low); n = distinct_people(ids, nnames(), journalist); w_names(ids, n);
        w_credit_place(S.city);
    }
    putch(')');
}

static const char *noun1(int plural)   /* a one-word noun */
{
    for (;;) {
        const noun_t *n = &NOUN[pick_noun()];
        if (!strchr(n->sg.s, ' ')) return plural ? n->pl.s : n->sg.s;
    }
}

static void subhead(void)
{
    uint32_t k = rbelow(4);
    if (needs_space()) putch(' ');
    const char *a = noun1(0), *b = noun1(1);
    while (!strncmp(a, b, strlen(a))) b = noun1(1);   /* not "DOLLAR DOLLARS" */
    if (k == 0) { put_upper(pick_adj().s); putch(' '); put_upper(b); }
    else if (k == 1) { put_upper(a); putch(' '); put_upper(b); }
    else if (k == 2) { put_upper(COUNTRY[pick_country()].adj); putch(' '); put_upper(a); }
    else { put_upper(ADJ[zdraw(&Z_ADJ)].s); putch(' '); put_upper(a); putch(' '); put_upper(b); }
}

static void dateline(void)
{
    const city_t *c = &CITY[S.city];
    uint32_t k;
    put_upper(c->name);
    if (c->with_region) { putz(", "); putz(c->region); }
    if (chance(60)) {   /* two-place dateline */
        uint32_t c2;
        do c2 = zdraw(&Z_CITY); while (c2 == S.city);
        putch('/'); put_upper(CITY[c2].name);
        if (CITY[c2].with_region && chance(500)) { putz(", "); putz(CITY[c2].region); }
    }
    if (chance(300)) { putz(", "); putz(MONTH_ABBR[S.month - 1]); putch(' '); put_uint(S.day); }
    putz(" (Reuters) ");
    k = rbelow(100);
    putz(k < 96 ? EN_DASH : k < 98 ? EM_DASH : "-");
    putch(' ');
}

/* headline: 5-12 words, no closing full stop */
static void headline_try(void)
{
    uint32_t k = rbelow(100);
    const noun_t *n1 = &NOUN[pick_noun()], *n2 = &NOUN[pick_noun()];
    const verb_t *v = &VT[zdraw(&Z_VT)];
    const country_t *c1 = &COUNTRY[pick_country()], *c2 = &COUNTRY[zdraw(&Z_COUNTRY)];
    if (chance(25)) putz("Exclusive: ");
    if (k < 20) {
        wz(c1->hname); ws(v->s3); if (chance(500)) ws(pick_adj()); ws(n1->pl);
        wz(HPREP[rbelow(NELEM(HPREP))]); if (chance(500)) ws(n2->sg); else wz(c2->hname);
    } else if (k < 32) {
        ws(PEOPLE[S.spk[0]].surname); wz("says"); wz(c1->hname);
        wz(rbelow(2) ? "will" : "must"); ws(v->base); if (chance(400)) ws(pick_adj()); ws(n1->pl);
    } else if (k < 42) {
        wz(c1->hname); ws(n1->sg); ws(n2->pl); ws(VI[zdraw(&Z_VI)].base); w_pct(); wz("in"); wz(MONTH[S.month - 1]);
    } else if (k < 54) {
        ws(COMPANY[S.company]); wz("to"); ws(v->base); ws(n1->pl); wz(HPREP[rbelow(NELEM(HPREP))]); wz(c1->hname);
    } else if (k < 62) {
        wz(c1->hname); putch(','); wz(c2->hname); ws(v->base); ws(n1->sg); wz(HPREP[rbelow(NELEM(HPREP))]); ws(n2->pl);
    } else if (k < 74) {
        wz(c1->adj); ws(n1->sg); ws(v->s3); ws(n2->pl); wz("after"); ws(pick_adj()); ws(NOUN[pick_noun()].sg);
    } else if (k < 82) {
        str_t a = pick_adj();
        wz(c1->hname); ws(v->s3); putch(' '); putz(LSQ); puts_s(a); putch(' ');
        puts_s(n1->pl); putz(RSQ); wz(HPREP[rbelow(NELEM(HPREP))]); ws(n2->sg);
    } else if (k < 90) {
        wz(c1->adj); ws(n1->pl); ws(v->base); ws(n2->sg); wz("as"); ws(NOUN[pick_noun()].sg);
        ws(VI[zdraw(&Z_VI)].s3);
    } else if (k < 95) {
        wz(c1->hname); ws(NOUN[pick_noun()].sg); ws(v->s3); if (chance(500)) ws(pick_adj());
        ws(n1->sg); wz(HPREP[rbelow(NELEM(HPREP))]); ws(n2->sg);
    } else {
        wz("Factbox:"); ws(pick_adj()); ws(n1->pl); wz(HPREP[rbelow(NELEM(HPREP))]); wz(c1->hname);
    }
}

static void headline_tail(void)
{
    switch (rbelow(4)) {
    case 0: wz("in"); wz(MONTH[S.month - 1]); break;
    case 1: wz("amid"); ws(pick_adj()); ws(NOUN[pick_noun()].pl); break;
    case 2: wz("after"); wz(COUNTRY[pick_country()].hname); ws(NOUN[pick_noun()].sg); wz("talks"); break;
    default: wz("as"); ws(NOUN[pick_noun()].pl); ws(VI[zdraw(&Z_VI)].base); break;
    }
}

static void headline(void)
{
    buf_t *save = O;
    size_t words;
    O = &HBUF;
    for (int tries = 0;; tries++) {
        HBUF.len = 0;
        headline_try();
        if (chance(150)) headline_tail();
        words = 1;
        for (size_t i = 0; i < HBUF.len; i++) words += HBUF.p[i] == ' ';
        if (((words >= 5 && words <= 12) || tries > 50) && HBUF.p[HBUF.len - 1] != '.') break;
    }
    cap_at(0);
    O = save;
}

static void new_story(void)
{
    S.year = 2015 + rbelow(10);
    S.month = 1 + rbelow(12);
    S.day = 1 + rbelow(days_in_month(S.year, S.month));
    S.wday = weekday(S.year, S.month, S.day);
    if (chance(500)) S.wday = (S.wday + 6) % 7;   /* "on <day before>" */
    S.city = zdraw(&Z_CITY);
    S.country = zdraw(&Z_COUNTRY);
    S.country2 = zdraw(&Z_COUNTRY);
    S.company = zdraw(&Z_COMPANY);
    for (int i = 0; i < 4; i++) S.topic[i] = zdraw(&Z_NOUN);
    S.nspk = 1 + rbelow(3);
    distinct_people(S.spk, S.nspk, newsmaker);
    memset(S.spk_seen, 0, sizeof S.spk_seen);
}

static void story(void)
{
    uint32_t byl[3], nbyl = 0, npara, sub1 = 0, sub2 = 0, incap = 0, link = 0;
    new_story();

    headline();
    block_begin(); put(HBUF.p, HBUF.len); block_end();
    if (chance(100)) {   /* headline repeated, sometimes with plain quote marks */
        int plain = chance(500);
        block_begin();
        for (size_t i = 0; i < HBUF.len; i++) {
            if (plain && i + 2 < HBUF.len && (unsigned char)HBUF.p[i] == 0xE2 && (unsigned char)HBUF.p[i + 1] == 0x80 &&
                ((unsigned char)HBUF.p[i + 2] == 0x98 || (unsigned char)HBUF.p[i + 2] == 0x99)) {
                putch('\''); i += 2;
            } else putch(HBUF.p[i]);
        }
        block_end();
    }
    if (chance(400)) { block_begin(); caption(chance(220)); block_end(); }
    if (chance(700)) {
        nbyl = distinct_people(byl, nnames(), journalist);
        block_begin(); putz("By "); w_names(byl, nbyl); block_end();
    }

    npara = 4 + rbelow(8) + rbelow(8) + rbelow(7);   /* 4..25, including the dateline paragraph */
    if (chance(200)) {
        sub1 = rrange(2, npara - 2);
        if (sub1 + 3 <= npara && npara > 8 && chance(300)) sub2 = rrange(sub1 + 2, npara - 1);
    }
    if (chance(30)) incap = rrange(2, npara - 1);
    if (chance(15)) link = rrange(2, npara - 1);

    block_begin(); dateline(); paragraph_body(1 + (chance(300) ? 1 : 0)); block_end();
    for (uint32_t p = 1; p < npara; p++) {
        if (p == sub1 || p == sub2) { block_begin(); subhead(); block_end(); }
        if (p == incap) { block_begin(); caption(0); block_end(); }
        if (p == link) {
            block_begin();
            wz("For a graphic on"); ws(pick_adj()); ws(NOUN[pick_noun()].pl); putz(", click: https://graphics.example.com/");
            for (int i = 0; i < 8; i++) putch("0123456789abcdef"[rbelow(16)]);
            block_end();
        }
        block_begin(); paragraph_body(sentence_count()); block_end();
    }
    if (chance(20)) {
        block_begin();
        switch (rbelow(3)) {
        case 0: putz("(This story has been refiled to correct a typing error in paragraph "); put_uint(rrange(2, npara)); putch(')'); break;
        case 1: putz("(This story corrects the spelling of "); puts_s(PEOPLE[S.spk[0]].surname); putz(RSQ "s name in paragraph "); put_uint(rrange(2, npara)); putch(')'); break;
        default: putz("(This version of the story adds "); putz(COUNTRY[S.country].adj); putch(' '); putz(NOUN[pick_noun()].sg.s); putz(" comment in paragraphs "); { uint32_t a = rrange(3, npara); put_uint(a); putch('-'); put_uint(a + 1); } putch(')'); break;
        }
        block_end();
    }
    if (chance(850)) { block_begin(); credit_line(byl, nbyl); block_end(); }
}

/* ------------------------------------------------------------------------ */

static void usage(FILE *f)
{
    fputs("usage: generate [--articles N | --megabytes M] [--seed S]\n"
          "  Writes synthetic Reuters-style wire text to stdout.\n"
          "  --articles N   write N stories (default 1000)\n"
          "  --megabytes M  write stories until M*1000000 bytes are reached (M may be fractional)\n"
          "  --seed S       64-bit seed (default 1); same arguments give identical output\n", f);
}

static int bad(const char *msg, const char *arg)
{
    fprintf(stderr, "generate: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    usage(stderr);
    return 2;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ') return 0;
    errno = 0;
    v = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? strtoull(s + 2, &end, 16) : strtoull(s, &end, 10);
    if (end == s || (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && end == s + 2)) return 0;
    if (errno || *end) return 0;
    *out = (uint64_t)v;
    return 1;
}

int main(int argc, char **argv)
{
    uint64_t articles = 1000, seed = 1, limit = 0, written = 0, count = 0;
    int have_articles = 0, have_mb = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL, *eq;
        char name[32];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
        if (strncmp(a, "--", 2)) return bad("unexpected argument", a);
        eq = strchr(a, '=');
        if (eq) {
            size_t n = (size_t)(eq - a);
            if (n >= sizeof name) return bad("unknown option", a);
            memcpy(name, a, n); name[n] = 0; val = eq + 1;
        } else {
            if (strlen(a) >= sizeof name) return bad("unknown option", a);
            strcpy(name, a);
        }
        if (strcmp(name, "--articles") && strcmp(name, "--megabytes") && strcmp(name, "--seed"))
            return bad("unknown option", a);
        if (!val) {
            if (i + 1 >= argc) return bad("missing value for", name);
            val = argv[++i];
        }
        if (!strcmp(name, "--articles")) {
            if (have_articles) return bad("option given twice", name);
            if (!parse_u64(val, &articles) || articles == 0) return bad("--articles needs a positive integer, not", val);
            have_articles = 1;
        } else if (!strcmp(name, "--megabytes")) {
            char *end;
            double m;
            if (have_mb) return bad("option given twice", name);
            errno = 0;
            m = strtod(val, &end);
            if (!*val || *end || errno || !(m > 0) || m > 1e9) return bad("--megabytes needs a positive number, not", val);
            limit = (uint64_t)(m * 1000000.0);
            if (limit == 0) limit = 1;
            have_mb = 1;
        } else {
            if (!parse_u64(val, &seed)) return bad("--seed needs a non-negative integer, not", val);
        }
    }
    if (have_articles && have_mb) return bad("--articles and --megabytes are mutually exclusive", NULL);

    R.s = seed * 0xD1B54A32D192ED03ULL + 0x243F6A8885A308D3ULL;
    build_tables();
    buf_grow(&OUTBUF, (size_t)1 << 22);

    for (;;) {
        size_t before = OUTBUF.len;
        story();
        written += OUTBUF.len - before;
        count++;
        if (OUTBUF.len >= ((size_t)1 << 22) - 65536) {
            if (fwrite(OUTBUF.p, 1, OUTBUF.len, stdout) != OUTBUF.len) break;
            OUTBUF.len = 0;
        }
        if (have_mb ? written >= limit : count >= articles) break;
    }
    if (OUTBUF.len && fwrite(OUTBUF.p, 1, OUTBUF.len, stdout) != OUTBUF.len) { /* reported below */ }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "generate: write error: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
