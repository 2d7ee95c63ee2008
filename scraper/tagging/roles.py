"""Who does what: which named countries are parties to the event an article reports, which are only mentioned.

Salience and roles, not a bag of names. Each country mention is read in its sentence:
- actor: next to an institution, official or force ("the Azerbaijani Defence Minister",
  "Forze Armate dell'Azerbaigian", "Минобороны России"), or a capital used as metonym ("Moscow");
- counterpart: the other side of a cooperation word ("talks with Japan", "avec la Grèce",
  "Türkiyə ilə");
- coordinated with another country ("Italy and Azerbaijan", "italo-spagnolo"), unless it is one item
  of a long list (members, participants named in passing);
- in the title, or in the lead sentence.
Evidence in a sentence that carries a cooperation cue weighs more than in background sentences
(a nearby war, a past deployment, a losing bidder). The publisher's own country is also a party when
only implied: its institutions named without any country beside them ("the Ministry", "lo Stato
Maggiore", "Genelkurmay") or its capital.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .cooperation import KINDS, cue_hits
from .countries import Mention, find_mentions
from .data_files import RoleLexicon, capitals, companies, role_lexicon
from .data_files import organisations as organisation_lexicon
from .lexicon import Lexicon
from .organisations import organisations_in
from .text import Token, WordFilter, as_tokens, tokenize

ACTOR_BEFORE = 4
"""An institution word ends at most this many tokens before the country ("Ministry of Defence of Azerbaijan")."""
ACTOR_AFTER = 3
"""... or starts at most this many tokens after it ("Azerbaijani Defence Minister", "Türkiye Genelkurmay")."""
LONG_LIST = 4
"""Coordinated countries from this many on are a list of members or participants, not the parties."""
COOPERATION_CATEGORIES = frozenset(KINDS) | {"coop", "intl"}
DEAL_CATEGORIES = frozenset({"industry", "agreement"})
"""Cue categories of a sale, contract or partnership: a firm named in their sentence acts for its country."""
COUNTERPART_REACH = 2
"""A country at most this many words after a counterpart word ("with the Japanese", "participation of units of")."""
GENITIVE_ENDINGS = frozenset({"in", "nin", "un", "nun", "n"})
"""Turkish genitive endings split off by the apostrophe ("Pakistan'ın katılımıyla")."""
OBSERVER_REACH = 4
"""A country at most this many words before an observer word ("Canada sent observers", "officers from Kyrgyzstan
attend as observers", "Malezya'dan gelen heyetler tatbikatı gözlemci olarak") or after it ("observers from France",
"В качестве наблюдателей на учения прибыли офицеры Кыргызстана"), with no other country between, is an observer."""
CHAIR_REACH = 6
"""A country at most this many words after a chair or host word ("Den Vorsitz führten Verteidigungsminister Boris
Pistorius und sein britischer Amtskollege") chairs or hosts."""
ORG_BEFORE = 2
"""An organisation named at most this many words before an institution owns it ("NATO defence ministers")."""
BIDDER_REACH = 4
"""A country at most this many words after a tender or bid word ("ofertas de Francia") is a bidder."""
COMPANY = 2.0
"""Evidence a defence firm or procurement agency gives its country in a cooperation sentence."""
TITLE = 3.0
"""Title weight of a country named as a party in the title (not a lone adjective or the event's place)."""
TITLE_ADJECTIVE = 1.5
LEAD_TOKENS = 40
LEAD_MIN_WORDS = 8
REACTION_REACH = 3
ABSENT_REACH = 5
"""A negated participation word at most this many words after a country ("Armenia did not take part", "Ermənistan
bu il də təlimə qatılmayıb") makes it absent."""
"""A reaction word at most this many words after a country ("Pekín ha advertido") makes it the one reacting."""
PARTICIPANT = 1.0
"""Evidence of each country of a coordinated list in a sentence saying they take part ("В нем приняли участие
подразделения Белоруссии, Казахстана, Киргизии, России и Таджикистана"): with the pairing, a party."""
NEGATION_REACH = 3
"""A negation this close before a participation word ("не участвовала", "did not take part") turns it off."""
_CENTURIES = frozenset({"19", "20", "21"})
OWN_UNIT_AFTER = 3
"""A country at most this many words after a unit or school names whose it is ("Academy of the Armed Forces of ...")."""
SUBJECT_REACH = 3
"""A country at most this many words after a situation word ("the situation in Sudan", "la situación de seguridad en
Malí") or before it ("Suriye'deki son gelişmeler") is the subject of the talks."""
BACKGROUND = 0.4
"""Evidence in a sentence without a cooperation cue, or about the past, counts this much."""
BORDER_GAP = 2
"""A country at most this many short words after a border word ("border with Russia", "frontière avec la Russie")
names the border; so does one right before it ("the Russian border", "Russia's border", "Ukrayna sınırına")."""
SUFFIX_WORD = 4
"""A word of at most this many letters may stand between a country and the subject word after it (Turkish "Libya'daki
son durum": "daki")."""
SHORT_WORD = 5
"""Words between a border word and its country are at most this long ("with", "zu", "с", "مع", "entre"), so "Border
Service of Ukraine" names no border."""
SUBCONTRACTOR_BEFORE, SUBCONTRACTOR_AFTER = 2, 4
"""Words before and after a subcontractor word in which a firm or a country is the subcontractor."""
MISSION_GAP = 3
"""An organisation's name ends at most this many words before the "in" word naming its mission's place ("Force
intérimaire des Nations unies au Liban", "la misión de la ONU en Líbano")."""
ACRONYM_REACH = 4
"""A country at most this many words before a mission's bracketed acronym is inside the mission's name ("Kosova Barış
Gücü (KFOR)")."""
MISSION_WORD_REACH = 6
"""... and a mission or force word starts at most this many words before that "in" word ("la misión de la ONU en")."""
ARTICLE = 3
"""A word this short may stand between an "in" word and the country ("en el Líbano")."""
SUBJECT_COMMA = frozenset({"tr", "az"})
"""Languages whose headlines put a comma after the subject ("Mısır, TUSAŞ'tan 24 ATAK helikopteri alıyor"): a country
opening the title with a comma there is the subject, not a dateline."""


@dataclass
class CountryEvidence:
    """What the article says about one country; `score` sums the weighted evidence."""

    code: str
    mentions: int = 0
    title: float = 0.0
    lead: bool = False
    actor: float = 0.0
    counterpart: float = 0.0
    paired: float = 0.0
    capital: bool = False
    observer: bool = False
    """Named as an observer of the event: mentioned, never a party."""
    reactor: bool = False
    """The subject of a reaction ("Bakou proteste", "Pekín ha advertido"): mentioned, never a party."""
    absent: bool = False
    """The subject of a negated participation ("Ermənistan yenə qatılmayıb", "Armenia did not take part"): mentioned,
    never a party."""
    venue: bool = False
    """Named only as the place of the event ("en Pologne", "Kosova'da"): not the other side of a one-party report."""
    first: int = 1 << 30

    @property
    def score(self) -> float:
        if (self.observer and not self.title) or self.reactor or self.absent:
            return 0.0
        roles = self.actor + self.counterpart + self.paired
        # Repeated mentions add weight to a country with a role, in the lead or the title's subject; alone (a
        # border, a war, a background fact named again and again, under a lone title adjective) they do not.
        repeated = 0.5 * max(min(self.mentions - 1, 2), 0) if (roles or self.lead or self.title > TITLE_ADJECTIVE) \
            else 0.0
        return self.title + 1.0 * self.lead + roles + repeated


@dataclass
class RoleReading:
    """The evidence per country (named or implied), and the publisher's implied presence."""

    evidence: dict[str, CountryEvidence] = field(default_factory=dict)
    own_actors: float = 0.0
    own_lead: float = 0.0
    own_title: float = 0.0
    """Weight of the publisher's own institutions named in the title."""
    own_unit: int = 0
    contributors: set[str] = field(default_factory=set)
    """Countries announcing, funding, sending or hosting something (`[contribution]`): parties of a multilateral
    event."""
    """National units or military schools named without a country in the title or the lead (the publisher's own)."""
    """... of which in the title or the lead (a ministry leads with its own forces; an agency does not)."""
    venues: set[str] = field(default_factory=set)
    title_venues: set[str] = field(default_factory=set)
    """Countries whose capital is the venue in the title ("a Roma l'esercitazione ... con l'Albania")."""
    """Countries whose capital is the venue in the title or the lead (a host)."""
    """Weight of national institutions named without a country beside them (the publisher's own)."""

    def ranked(self) -> list[str]:
        """Countries by evidence, strongest first (ties: first mention first)."""
        return sorted(self.evidence, key=lambda c: (-self.evidence[c].score, self.evidence[c].first))


def sentence_ids(tokens: Sequence[Token]) -> Sequence[int]:
    """The sentence number of every token."""
    return as_tokens(tokens).sentence_ids


@lru_cache(maxsize=1)
def _capital_words() -> WordFilter:
    """The words at which a capital's name may start."""
    heads = frozenset(name[:3] for name in capitals())
    return WordFilter(lambda key: key[:3] in heads)


def _capital_mentions(tokens: Sequence[Token], lex: Lexicon) -> list[Mention]:
    table = capitals()
    found = []
    indexed = as_tokens(tokens)
    for i in indexed.positions(_capital_words()(indexed.distinct)):
        token = tokens[i]
        if not token.capitalised:
            continue
        two = f"{token.key} {tokens[i + 1].key}" if i + 1 < len(tokens) else ""
        code = table.get(two) if two else None
        length = 2 if code else 1
        if code is None:
            code = table.get(token.key)
        if code is None:
            key = token.key
            for cut in range(len(key) - 1, max(len(key) - 4, 3), -1):
                code = table.get(key[:cut])
                if code:
                    break
            if code and ((key,) in lex.phrases or any(key[:c] in lex.stems for c in range(len(key), 3, -1))):
                code = None  # "Romania" is a country, not an inflected "Roma"
        if code:
            found.append(Mention(code, i, i + length, False))
    return found


def _company_mentions(tokens: Sequence[Token]) -> list[Mention]:
    lex = companies()
    found = [Mention(m.label, m.start, m.end, False) for m in lex.names.find(tokens)]
    taken = {m.position for m in found}
    abbreviations = lex.abbreviations
    if as_tokens(tokens).texts.isdisjoint(abbreviations):
        return found
    found += [Mention(abbreviations[t.text], i, i + 1, False) for i, t in enumerate(tokens)
              if t.text in abbreviations and i not in taken]
    return found


def _same_sentence(sentence: Sequence[int], a: int, b: int) -> bool:
    return a < len(sentence) and b < len(sentence) and sentence[a] == sentence[b]


def _joins(m: Mention, previous: Mention, sentence: Sequence[int], breaks: Sequence[int]) -> bool:
    """Whether `m` goes on the coordinated run that `previous` ends: at most 3 words after it, in its sentence, and
    no observer word between ("السعودية ... والعمانية، وبحضور مراقبين من مصر", "Italy and France, with observers
    from Spain": two lists)."""
    return m.position - previous.end <= 3 and _same_sentence(sentence, m.position, previous.position) \
        and not any(previous.end <= b < m.position for b in breaks)


def _coordinated_runs(mentions: Sequence[Mention], sentence: Sequence[int],
                      breaks: Sequence[int] = ()) -> dict[int, int]:
    """For each paired mention (by position): the number of distinct countries in its coordinated run (a run never
    crosses a sentence end nor an observer word)."""
    runs: dict[int, int] = {}
    run: list[Mention] = []

    def close() -> None:
        size = len({m.code for m in run})
        for m in run:
            runs[m.position] = size

    for m in mentions:
        if m.paired and run and _joins(m, run[-1], sentence, breaks):
            run.append(m)
        else:
            if run:
                close()
            run = [m] if m.paired else []
    if run:
        close()
    return runs


def _run_heads(mentions: Sequence[Mention], sentence: Sequence[int], breaks: Sequence[int] = ()) -> dict[int, int]:
    """For each paired mention (by position): the position of the first mention of its coordinated run (in its
    sentence)."""
    heads: dict[int, int] = {}
    previous: Mention | None = None
    for m in mentions:
        if m.paired and previous is not None and previous.paired and _joins(m, previous, sentence, breaks):
            heads[m.position] = heads[previous.position]
        elif m.paired:
            heads[m.position] = m.position
        previous = m
    return heads


def _near(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(0 <= start - a_end <= ACTOR_BEFORE - 1 or 0 <= a_start - end <= ACTOR_AFTER - 1
               or (a_start <= start and end <= a_end) for a_start, a_end in spans)


def _is_year(key: str) -> bool:
    return key[:2] in _CENTURIES and len(key) == 4 and key.isdigit() and 1950 <= int(key) <= 2100


_YEAR_WORDS = WordFilter(_is_year)


def _background_sentences(tokens: Sequence[Token], sentence: Sequence[int], year: int | None,
                          roles: RoleLexicon | None = None) -> set[int]:
    """Sentences about the past: they name a year before the publication year (else before the latest year the
    article names): "since 2019", "signed in 2021", "avait été écarté en 2017". A number right after a quantity word
    (`[quantity]` in roles.toml: "more than 2000 troops", "более 2000 человек") is a count, not a year."""
    indexed = as_tokens(tokens)
    found = _YEAR_WORDS(indexed.distinct)
    years = [(sentence[i], int(indexed[i].key)) for i in indexed.positions(found)] if found else []
    if years and roles is not None:
        counts = {m.end for m in roles.quantity.find(tokens)}
        years = [(sentence[i], int(indexed[i].key)) for i in indexed.positions(found) if i not in counts]
    if not years:
        return set()
    latest = year or max(y for _s, y in years)
    return {s for s, y in years if y < latest}


def lead_end(tokens: Sequence[Token]) -> int:
    """Token index where the lead ends: after the first sentence of at least `LEAD_MIN_WORDS` words (a dateline
    "RAWALPINDI, Mar 18 (APP):" is not the lead), and within `LEAD_TOKENS`."""
    indexed = as_tokens(tokens)
    found = indexed.memo.get("lead_end")
    if found is None:
        found = indexed.memo["lead_end"] = _lead_end(indexed)
    return found


def _lead_end(tokens: Sequence[Token]) -> int:
    start, n = 0, len(tokens)
    for i in range(1, n + 1):
        if i == n or tokens[i].sentence_start:
            if i - start >= LEAD_MIN_WORDS:
                return min(i, start + LEAD_TOKENS)
            start = i
    return min(n, LEAD_TOKENS)


def _is_venue(text: str, tokens: Sequence[Token], m: Mention, roles: RoleLexicon) -> bool:
    """A capital named as the place of the event ("in Rome", "Bakü'de", "Vyanada") or as a dateline."""
    token = tokens[m.position]
    if token.sentence_start and text[token.end:token.end + 3].lstrip()[:1] in (",", "(", "-", "–", "/"):
        return True  # "Paris, le 24 février", "BERLIN (AFP) -"
    if m.position > 0 and roles.locative.match_at(tokens, m.position - 1) is not None:
        return True
    nxt = tokens[m.end] if m.end < len(tokens) else None
    if nxt is not None and nxt.key in roles.locative_suffixes and text[token.end:nxt.start] in ("'", "’"):
        return True
    if token.key in capitals():
        return False  # the name itself ("Atene", "Roma", "Ankara"), not a case ending on it
    return any(token.key.endswith(suffix) and len(token.key) > len(suffix) + 3 for suffix in roles.locative_suffixes)


def _title_venue(text: str, tokens: Sequence[Token], m: Mention, roles: RoleLexicon, lex: Lexicon) -> bool:
    """A country name right after an "in" word ("en Pologne", "im Kosovo") or with a locative ending, after an
    apostrophe ("Kosova'da") or attached to the name ("Gürcüstanda"): the place of the event in a title."""
    if m.position > 0 and roles.venue_in.match_at(tokens, m.position - 1) is not None:
        return True
    if m.position > 1 and len(tokens[m.position - 1].key) <= ARTICLE and not tokens[m.position - 1].capitalised \
            and roles.venue_in.match_at(tokens, m.position - 2) is not None:
        return True  # with an article between ("vor dem Libanon", "en el Líbano", "in the Philippines")
    nxt = tokens[m.end] if m.end < len(tokens) else None
    if nxt is not None and nxt.key in roles.venue_suffixes and text[tokens[m.end - 1].end:nxt.start] in ("'", "’"):
        return True
    last = tokens[m.end - 1].key
    return any(last.endswith(suffix) and (*(t.key for t in tokens[m.position:m.end - 1]), last[:-len(suffix)])
               in lex.phrases for suffix in roles.venue_suffixes)


def _bidders(mentions: Sequence[Mention], sentence: Sequence[int], tender_words: Sequence[int],
             heads: dict[int, int]) -> set[int]:
    """Positions of the countries named as bidders: at most `BIDDER_REACH` words after a tender or bid word in its
    sentence ("superando las ofertas de Francia y Estados Unidos", "beat bids from France"), with their coordinated
    run."""
    n = len(sentence)
    bidding = {m.position for m in mentions if m.position < n and any(
        1 <= m.position - t <= BIDDER_REACH and sentence[t] == sentence[m.position] for t in tender_words)}
    return _with_runs(bidding, mentions, heads)


def _with_runs(positions: set[int], mentions: Sequence[Mention], heads: dict[int, int]) -> set[int]:
    """`positions` and the positions of every mention on their coordinated runs (`_run_heads`)."""
    runs = {heads[p] for p in positions if p in heads}
    return positions | {m.position for m in mentions if heads.get(m.position, -1) in runs}


def _absent(mentions: Sequence[Mention], sentence: Sequence[int], refused: Sequence[int],
            heads: dict[int, int]) -> set[int]:
    """Positions of the countries a negated participation word is said of: the last one at most `ABSENT_REACH` words
    before it in its sentence ("Armenia did not take part", "Ermənistan yenə qatılmayıb"), with its coordinated run."""
    n = len(sentence)
    found = set()
    for p in refused:
        before = [m.position for m in mentions if m.position < n and sentence[m.position] == sentence[p]
                  and 0 <= p - m.end < ABSENT_REACH]
        if before:
            found.add(max(before))
    return _with_runs(found, mentions, heads)


def _bordering(mentions: Sequence[Mention], tokens: Sequence[Token], sentence: Sequence[int],
               borders: Sequence[tuple[int, int]], actor_spans: Sequence[tuple[int, int]],
               before_word: int = 2, names: bool = False) -> tuple[set[int], set[int]]:
    """The countries a border word names (their positions) and the border words that name one (their starts): the
    first country at most `BORDER_GAP` short words after it ("near the border with Russia", "nahe der Grenze zu
    Belarus", "près de la frontière biélorusse"), or the one right before it, or one word of at most `before_word`
    letters before it ("the Russian border", "Russia's border", "İran sərhədinə", "Libya'daki son durum"); not a word
    before an institution or force, nor one inside its name ("Ukrainian border guards", "garde-frontières"), nor, with
    `names`, one capitalised inside a sentence, part of a name.
    Situation, war and threat words (`[subject]`) name what talks are about the same way."""
    n = len(sentence)
    countries: set[int] = set()
    words: set[int] = set()
    actor_starts = {a for a, _e in actor_spans}
    for b_start, b_end in borders:
        name = names and tokens[b_start].text[:1].isupper() and not tokens[b_start].sentence_start
        if b_end in actor_starts or any(a <= b_start < e for a, e in actor_spans) or name:
            continue  # "Ukrainian border guards"; a name ("Marina de Guerra del Perú")
        for m in mentions:
            if m.position >= n or sentence[m.position] != sentence[b_start]:
                continue
            after = range(b_end, m.position)
            if (0 <= m.position - b_end <= BORDER_GAP and all(len(tokens[g].key) <= SHORT_WORD for g in after)) \
                    or m.end == b_start or (m.end + 1 == b_start and len(tokens[m.end].key) <= before_word):
                countries.add(m.position)
                words.add(b_start)
    return countries, words


def _mission_places(text: str, tokens: Sequence[Token], mentions: Sequence[Mention], sentence: Sequence[int],
                    roles: RoleLexicon) -> set[int]:
    """Positions of the countries named inside the name of an organisation's mission or force, as the place it serves:
    right after an "in" word that follows the organisation's name ("Force intérimaire des Nations unies au Liban",
    "la misión de la ONU en Líbano", "миссии ООН в Ливане"), or a few words before a bracketed acronym of an
    organisation or mission ("Kosova Barış Gücü (KFOR)", "... en el Líbano (FINUL)"); not the place of an organisation's
    exercise ("NATO-Übung in Rumänien"), whose hosts take part. The labelling guide makes such a
    host mentioned: a national contingent serving there acts with the mission, not with the host."""
    n = len(sentence)
    lex = organisation_lexicon()
    acronyms = roles.mission_acronyms
    texts = as_tokens(tokens).texts
    named_acronyms = not texts.isdisjoint(lex.abbreviations) or not texts.isdisjoint(acronyms)
    missions = [w.start for w in roles.mission.find(tokens)]
    if not missions and not named_acronyms:
        return set()  # most texts: no mission word and no organisation's acronym, nothing to read
    org_ends = {m.end for m in lex.names.find(tokens)}
    if named_acronyms:
        org_ends.update(k + 1 for k, t in enumerate(tokens) if t.text in lex.abbreviations or t.text in acronyms)
    if not org_ends:
        return set()
    bracketed = {k for k in range(1, min(len(tokens), n)) if (tokens[k].text in acronyms or (
        tokens[k].text in lex.abbreviations and tokens[k].text.isupper()))
                 and "(" in text[tokens[k - 1].end:tokens[k].start]}
    found = set()
    for m in mentions:
        if m.position >= n or m.position == 0:
            continue
        s = sentence[m.position]
        if any(0 < k - m.end + 1 <= ACRONYM_REACH for k in bracketed):  # a bracket starts a sentence of its own
            found.add(m.position)
            continue
        for in_word in (m.position - 1, m.position - 2):
            if in_word < 0 or (in_word < m.position - 1 and len(tokens[m.position - 1].key) > ARTICLE):
                break
            word = roles.venue_in.match_at(tokens, in_word)
            if word is not None and word.end == in_word + 1 and sentence[in_word] == s and any(
                    0 <= in_word - end <= MISSION_GAP and end - 1 < n and sentence[end - 1] == s for end in org_ends) \
                    and any(0 < in_word - w <= MISSION_WORD_REACH and sentence[w] == s for w in missions):
                found.add(m.position)
                break
    return found


def _place_first(text: str, tokens: Sequence[Token], mentions: Sequence[Mention]) -> bool:
    """A title or a text opening with a country's name and a comma, then no other country ("Libano, la Spagna assume il
    comando", "Gibuti, i Carabinieri formano", "Gibuti, 4 marzo 2026."): a dateline, the place of the event, not a
    side of it nor coordinated with the country after it ("Italia, Francia e Germania firmano" is a list)."""
    first = mentions[0]
    if first.position != 0 or first.adjective or first.end >= len(tokens):
        return False
    gap = text[tokens[first.end - 1].end:tokens[first.end].start]
    return gap.strip() == "," and not any(m.position == first.end for m in mentions)


def _negated_verb(tokens: Sequence[Token], position: int, endings: tuple[str, ...]) -> bool:
    """A Turkish or Azerbaijani participation word that ends, or whose next word ends, in a negative verb ending
    ("katılmadı", "iştirak etmir", "katılmıyor")."""
    return any(len(tokens[p].key) > 4 and tokens[p].key.endswith(endings)
               for p in (position, position + 1) if p < len(tokens))


def _right_before(m: Mention, starts: set[int], sentence: Sequence[int]) -> bool:
    """A phrase starts right after the mention (or one word later: "Denmark also hosts"), in its sentence."""
    return any(p in starts and p < len(sentence) and sentence[p] == sentence[m.position] for p in (m.end, m.end + 1))


def _named_by(mentions: Sequence[Mention], sentence: Sequence[int], words: Sequence[tuple[int, int]],
              reach_after: int = OBSERVER_REACH) -> set[int]:
    """Positions of the countries a role word (observer, chair) names, in its sentence: the first country at most
    `reach_after` words after it ("observers from France", "oltre a osservatori dell'Azerbaigian", "chaired by"),
    else the last one at most `OBSERVER_REACH` words before it ("Canada sent observers", "officers from Kyrgyzstan
    attend as observers")."""
    found: set[int] = set()
    n = len(sentence)
    for o_start, o_end in words:
        s = sentence[o_start]
        after = [m for m in mentions if m.position < n and sentence[m.position] == s
                 and 0 <= m.position - o_end <= reach_after]
        if after:
            found.add(min(m.position for m in after))
            continue
        before = [m for m in mentions if m.position < n and sentence[m.position] == s
                  and 0 <= o_start - m.end <= OBSERVER_REACH]
        if before:
            found.add(max(m.position for m in before))
    return found


def _subjects(mentions: Sequence[Mention], sentence: Sequence[int], words: Sequence[tuple[int, int]],
              heads: dict[int, int]) -> set[int]:
    """Positions of the countries a situation or crisis word names, in its sentence: the first one at most
    `SUBJECT_REACH` words after it ("the situation in Sudan and Libya", "обстановку вокруг Украины"), else the last
    one at most `SUBJECT_REACH` words before it ("Suriye'deki son gelişmeler"), with its coordinated run."""
    n = len(sentence)
    found = set()
    for w_start, w_end in words:
        s = sentence[w_start]
        after = [m.position for m in mentions if m.position < n and sentence[m.position] == s
                 and 0 <= m.position - w_end <= SUBJECT_REACH]
        before = [m.position for m in mentions if m.position < n and sentence[m.position] == s
                  and 0 <= w_start - m.end <= SUBJECT_REACH]
        if after:
            found.add(min(after))
        elif before:
            found.add(max(before))
    return _with_runs(found, mentions, heads)


def _guests(mentions: Sequence[Mention], sentence: Sequence[int], actors: Sequence[tuple[int, int]],
            diplomats: Sequence[tuple[int, int]], deal_sentences: set[int], heads: dict[int, int]) -> set[int]:
    """Positions of the countries named only through a diplomat ("gli addetti navali di Francia, Spagna e Grecia",
    "Türkiyə və Pakistanın hərbi attaşeləri"), with their coordinated run, outside a sentence about a sale, a delivery
    or a signing: guests of a ceremony or a reception, mentioned and no side of it."""
    n = len(sentence)
    found = set()
    for m in mentions:
        if m.position >= n or sentence[m.position] in deal_sentences:
            continue
        near = [a for a in actors if sentence[a[0]] == sentence[m.position] and _near([a], m.position, m.end)]
        # an actor word right before a diplomat qualifies it ("military attachés", "hərbi attaşeləri")
        if near and all(any(d_start <= a_start < d_end or a_start <= d_start <= a_end for d_start, d_end in diplomats)
                        for a_start, a_end in near):
            found.add(m.position)
    return _with_runs(found, mentions, heads)


def _war_named(tokens: Sequence[Token], roles: RoleLexicon) -> frozenset[int]:
    """Token positions inside names of weapons, ships and schools that hold a war word (`[war_named]`)."""
    return frozenset(p for m in roles.war_named.find(tokens) for p in range(m.start, m.end))


def _by_maker(tokens: Sequence[Token], positions: Iterable[int], roles: RoleLexicon) -> bool:
    """A "by" word at one of `positions` (right after a made-in word, or a few words before it in German word order):
    the maker named there is the seller ("built by Türkiye's STM", "von einer Werft in Israel gebaut"), not where the
    product was made."""
    return any(0 <= p < len(tokens) and tokens[p].key in roles.origin_agents for p in positions)


def _share(run_roles: dict[int, tuple[float, float]], heads: dict[int, int], position: int, actor: float,
           counterpart: float) -> None:
    """Record a role found for one country of a coordinated run, for every country of the run."""
    head = heads.get(position)
    if head is not None:
        old = run_roles.get(head, (0.0, 0.0))
        run_roles[head] = (max(old[0], actor), max(old[1], counterpart))


def _read_segment(reading: RoleReading, text: str, tokens: Sequence[Token], mentions: list[Mention],
                  roles: RoleLexicon, lex: Lexicon, in_title: bool, base: int, year: int | None) -> None:
    sentence = sentence_ids(tokens)
    cue_sentences: set[int] = set()
    hostile: set[int] = set()
    recalled: set[int] = set()
    """Sentences recalling earlier facts (`[background]` cues, a past year): who took part, hosted or pledged there
    did so before, not in the event ("Mali and Burkina Faso, which took part until 2022", "Spain hosted it last
    year")."""
    tenders: set[int] = set()
    tender_words: list[int] = []
    participation: list[int] = []
    n_tokens = len(sentence)
    actors = [(m.start, m.end) for m in roles.actors.find(tokens)]
    hits = cue_hits(text)
    border_words = [(m.start, m.end) for m in roles.border.find(tokens)]
    if border_words:  # not a word of a country's name ("Côte d'Ivoire") nor of a force's ("coast guard", "garde-côtes")
        named = {p for m in mentions for p in range(m.position, m.end)}
        named.update(p for hit in hits if hit.category == "context" for p in (hit.position, hit.position + 1))
        border_words = [(b, e) for b, e in border_words if b not in named]
    bordering, places = _bordering(mentions, tokens, sentence, border_words, actors) \
        if border_words else (set(), set())
    war_named = _war_named(tokens, roles) if any(hit.category == "hostility" for hit in hits) else frozenset()
    # "the situation in Sudan", "threats from Iran": what the talks are about; not a war word inside a weapon's name
    # ("savaş uçakları", "navires de guerre de l'Italie")
    subject_words = [(m.start, m.end) for m in roles.subject.find(tokens) if m.start not in war_named]
    if subject_words:
        bordering |= _bordering(mentions, tokens, sentence, subject_words, actors, SUFFIX_WORD,
                                not roles.nouns_capitalised)[0]
    # the place a UN or NATO mission serves, inside its name ("Force intérimaire des Nations unies au Liban")
    bordering |= _mission_places(text, tokens, mentions, sentence, roles)
    deal_sentences: set[int] = set()
    for hit in hits:
        if hit.position >= n_tokens:
            continue
        category = hit.category
        if category in DEAL_CATEGORIES:
            deal_sentences.add(sentence[hit.position])
        if category in COOPERATION_CATEGORIES:
            cue_sentences.add(sentence[hit.position])
        elif category == "hostility" and hit.position in war_named:
            continue  # "savaş uçakları", "Kriegsschiffe": a weapon's name, no war
        elif category == "hostility" and hit.position in places:
            continue  # "near the border with Russia" places the event; it tells no tension
        elif category == "hostility" or category == "background" or category == "cancelled":
            hostile.add(sentence[hit.position])
            if category == "background":
                recalled.add(sentence[hit.position])
        elif category == "tender":
            tenders.add(sentence[hit.position])
            tender_words.append(hit.position)
        elif category == "participation":
            participation.append(hit.position)
    taking_part: set[int] = set()
    refused: list[int] = []
    if participation:
        negations = {m.end for m in roles.negation.find(tokens)}
        endings = roles.negated_suffixes + roles.present_negated_suffixes
        refused = [p for p in participation if any(p - NEGATION_REACH <= n <= p and sentence[n] == sentence[p]
                                                   for n in negations)  # not the last word of the sentence before
                   or _negated_verb(tokens, p, endings)]
        negated = {sentence[p] for p in refused}
        taking_part = {sentence[p] for p in participation if sentence[p] not in tenders} - negated
        hostile |= negated  # "Армения в учениях не участвует", "Azərbaycan hərbçiləri iştirak etmir": not the event
    cue_sentences |= taking_part  # "took part", "приняли участие", "hanno partecipato": the event's sentence
    if not in_title and reading.evidence:
        # A sentence listing two or more of the title's parties together with others ("Дипломы получили офицеры из
        # Лаоса, Мьянмы, Вьетнама и Монголии" under "Курсанты из Лаоса и Мьянмы ...") tells the event, cue words or not.
        titled = {c for c, ev in reading.evidence.items() if ev.title >= TITLE}
        if len(titled) >= 2:
            listing: dict[int, set[str]] = {}
            for m in mentions:
                if m.paired and m.code in titled and m.position < n_tokens:
                    listing.setdefault(sentence[m.position], set()).add(m.code)
            cue_sentences.update(s for s, codes in listing.items() if len(codes) >= 2)
    past = _background_sentences(tokens, sentence, year, roles)
    cue_sentences -= past
    if not in_title:
        recalled |= past
    if not in_title:
        cue_sentences -= hostile  # "tensions with Beijing", "the war in Ukraine", "earlier orders from": background
    lead = lead_end(tokens)
    capital = _capital_mentions(tokens, lex)
    taken = {(m.position, m.end) for m in mentions}
    capital = [m for m in capital if (m.position, m.end) not in taken]
    capital_spans = {(m.position, m.end) for m in capital}  # no country mention has one of these spans
    # where a product was made ("Israeli-made drones"), unless a "by" word names its maker there
    made = {p for o_start, o_end in ((m.start, m.end) for m in roles.origin.find(tokens))
            for p in (() if _by_maker(tokens, range(o_start - 4, o_start), roles) else (o_start - 1, o_start - 2))
            + (() if _by_maker(tokens, (o_end,), roles) else (o_end, o_end + 1))}
    # a subcontractor supplying the seller ("como subcontratista la francesa Thales", "белорусский субподрядчик")
    made |= {p for m in roles.subcontractor.find(tokens)
             for p in range(m.start - SUBCONTRACTOR_BEFORE, m.end + SUBCONTRACTOR_AFTER)}
    firms = _company_mentions(tokens)
    firm_spans = [(f.position, f.end) for f in firms]
    for firm in firms:
        s = sentence[firm.position]
        # A firm acts for its country in a sale, contract or partnership it is part of, as the labelling guide counts
        # it; the maker of the systems a unit drills with or services ("Patriot-Systeme des Herstellers Raytheon",
        # "Baykar şirkətinin istehsalı olan pilotsuz uçan aparatlar", next to a made-in word) takes no part.
        if (in_title or s in cue_sentences) and s in deal_sentences and firm.position not in made:
            ev = reading.evidence.get(firm.code) or reading.evidence.setdefault(firm.code, CountryEvidence(firm.code))
            ev.first = min(ev.first, base + firm.position)
            ev.actor = max(ev.actor, COMPANY)
    # a country beside a firm word in a deal sentence: a firm acting for it ("HD Hyundai of the Republic of Korea")
    firm_words = [(m.start, m.end) for m in roles.firm.find(tokens)] if deal_sentences else []
    for m in mentions:
        s = sentence[m.position] if m.position < n_tokens else -1
        if firm_words and (in_title or s in cue_sentences) and s in deal_sentences and m.position not in made \
                and m.end - 1 not in made \
                and _near([f for f in firm_words if sentence[f[0]] == s], m.position, m.end):
            ev = reading.evidence.get(m.code) or reading.evidence.setdefault(m.code, CountryEvidence(m.code))
            ev.actor = max(ev.actor, COMPANY)
    all_mentions = sorted(mentions + capital, key=lambda m: m.position)
    before = [(m.start, m.end) for m in roles.counterpart_before.find(tokens)]
    after = {m.start for m in roles.counterpart_after.find(tokens)}
    observers = [(m.start, m.end) for m in roles.observer.find(tokens)]
    breaks = [o_start for o_start, _o_end in observers]
    runs = _coordinated_runs(mentions, sentence, breaks)
    heads = _run_heads(mentions, sentence, breaks)
    run_roles: dict[int, tuple[float, float]] = {}
    run_ends = {max(p for p, h in heads.items() if h == head) for head in set(heads.values())} if heads else set()
    observed = _named_by(all_mentions, sentence, observers) if observers else set()
    reacting = {m.start for m in roles.reaction.find(tokens)}
    bidders = _bidders(mentions, sentence, tender_words, heads) if tender_words and not in_title else set()
    absent = _absent(mentions, sentence, refused, heads) if refused else set()
    situation_words = [(m.start, m.end) for m in roles.situation.find(tokens)]
    subjects = _subjects(mentions, sentence, situation_words, heads) if situation_words else set()
    diplomats = [(m.start, m.end) for m in roles.diplomat.find(tokens)] if not in_title else []
    if diplomats:
        subjects |= _guests(mentions, sentence, actors, diplomats, deal_sentences, heads)
    bordering = _with_runs(bordering, mentions, heads) if bordering else bordering
    if mentions and lex.language not in SUBJECT_COMMA and _place_first(text, tokens, mentions):
        bordering = bordering | {0}  # "Libano, la Spagna assume il comando", "Gibuti, 4 marzo 2026.": the place
    actors_by_sentence: dict[int, list[tuple[int, int]]] = {}
    for a, b in actors:
        actors_by_sentence.setdefault(sentence[a], []).append((a, b))
    for m in all_mentions:
        ev = reading.evidence.get(m.code) or reading.evidence.setdefault(m.code, CountryEvidence(m.code))
        ev.mentions += 1
        ev.first = min(ev.first, base + m.position)
        if m.position in subjects:
            continue  # "discussed the situation in Sudan": what the talks are about, named and no side of them
        s = sentence[m.position] if m.position < len(sentence) else 0
        weight = 1.0 if (in_title or s in cue_sentences) else BACKGROUND
        product = not in_title and (m.end - 1 in made or m.position in made)
        border = m.position in bordering  # "near the border with Russia": the event's place, not a side of it
        if product or m.position in bidders or border:
            weight = BACKGROUND  # where a product was made ("Israeli-made drones"), a losing bidder: background
        # A name right after "in" in the title ("militares ucranianos en Polonia", "comando in Kosovo") is the place:
        # an institution before the "in" is not that country's.
        venue = in_title and not m.adjective and not m.paired and _title_venue(text, tokens, m, roles, lex)
        if (m.position, m.end) in capital_spans:
            if _is_venue(text, tokens, m, roles):
                if in_title or m.position < lead:
                    reading.venues.add(m.code)
                    if in_title:
                        reading.title_venues.add(m.code)
                continue  # the place of the event, not an actor (nor a title or lead party)
            ev.capital = True
            ev.actor = max(ev.actor, 1.5 * weight)
        elif s in actors_by_sentence and not border and _near(
                [a for a in actors_by_sentence[s] if not venue or a[0] >= m.end], m.position, m.end):
            ev.actor = max(ev.actor, 2.0 * weight)
            _share(run_roles, heads, m.position, 2.0 * weight, 0.0)
        if in_title:
            # A title names the parties; a lone adjective there may only place the event ("near the Ukrainian
            # border") unless it qualifies an actor or is coordinated with another country, and so may a name
            # right after "in" ("forment des sapeurs ukrainiens en Pologne", "Mehmetçik Kosova'da").
            venue = (venue and not ev.actor) or border
            lone = ((m.adjective or venue) and not m.paired and not ev.actor) or border
            ev.title = max(ev.title, TITLE_ADJECTIVE if lone else TITLE)
            ev.venue = ev.venue or venue
        elif m.position < lead and m.position not in bidders and not border and not product:
            ev.lead = True
        preposition = bool(before) and any(0 <= m.position - b_end <= COUNTERPART_REACH and sentence[b_start] == s
                                           for b_start, b_end in before)
        postposition = m.end in after or (m.end + 1 in after and tokens[m.end].key in GENITIVE_ENDINGS)
        if (preposition or postposition) and not border:
            ev.counterpart = max(ev.counterpart, 2.0 * weight)
            if preposition or m.position in run_ends:  # not "X ve Y": a conjunction is no postposition of the run
                _share(run_roles, heads, m.position, 0.0, 2.0 * weight)
        if s in taking_part and s not in recalled and not product and not border:
            if m.paired:
                _share(run_roles, heads, m.position, 0.0, PARTICIPANT)
            elif ev.actor:  # "Australian troops are taking part"
                ev.counterpart = max(ev.counterpart, PARTICIPANT)
        if m.position in observed:
            ev.observer = True
        if reacting and any(p in reacting and sentence[p] == s for p in range(m.end, m.end + REACTION_REACH)):
            ev.reactor = True
        if m.position in absent:
            ev.absent = True  # "Ermənistan yenə qatılmayıb", "Armenia did not take part": named, not a party
        if m.paired and not border:  # "threats from China, Iran and North Korea" coordinates no parties
            size = runs.get(m.position, 2)
            ev.paired = max(ev.paired, 1.5 * weight if size < LONG_LIST or weight == 1.0 else 0.2)
    # Coordination shares the head: "contingents of Ghana, Ireland, South Korea and Malaysia", "with Italy and
    # France", "Azerbaijani and Italian delegations": every country of the run has the run's role.
    contribution_words = roles.contribution.find(tokens)
    contributing = {m.start for m in contribution_words}
    if contributing and roles.verb_first:
        # Arabic puts the verb first ("وأعلنت السعودية والإمارات تمويل"): the country right after it, with its run.
        said = {m.end for m in contribution_words}
        runs_after = {heads.get(m.position, -1) for m in mentions if m.position in said
                      and m.position < n_tokens and sentence[m.position] == sentence[m.position - 1]}
        for m in mentions:
            if m.position < n_tokens and sentence[m.position] in recalled:
                continue
            if m.position in said or (m.position in heads and heads[m.position] in runs_after):
                reading.contributors.add(m.code)
    if contributing:
        # "Denmark hosts", "Нідерланди оголосили", "Німеччина та Норвегія профінансують": the country right before
        # the verb, with its coordinated run; not a country of a made-in phrase, an observer or one reacting.
        runs_contributing = {heads.get(m.position, -1) for m in mentions if m.position in run_ends
                             and _right_before(m, contributing, sentence)}
        for m in mentions:
            if m.position < n_tokens and sentence[m.position] in recalled:
                continue
            if _right_before(m, contributing, sentence) or (
                    m.position in heads and heads[m.position] in runs_contributing):
                reading.contributors.add(m.code)
    chairs = [(m.start, m.end) for m in roles.chair.find(tokens)]
    if chairs:
        # "co-chaired by Britain and Germany", "Den Vorsitz führten ... und sein britischer Amtskollege", "accueillie
        # par la Tunisie", "Принимающей стороной выступила Беларусь": chairs and hosts, with their coordinated run.
        chairing = _with_runs(_named_by(all_mentions, sentence, chairs, CHAIR_REACH), all_mentions, heads)
        reading.contributors.update(m.code for m in all_mentions if m.position in chairing
                                    and not (m.position < n_tokens and sentence[m.position] in recalled))
    watching = {heads[m.position] for m in mentions
                if m.position in observed and m.position in heads}
    for m in mentions:
        if heads.get(m.position, -1) in watching:
            reading.evidence[m.code].observer = True  # "France and Canada sent observers"
        shared = run_roles.get(heads.get(m.position, -1))
        if shared and not reading.evidence[m.code].observer and m.position not in subjects \
                and m.position not in bordering:  # a place shares no role of the country named after it
            ev = reading.evidence[m.code]
            ev.actor, ev.counterpart = max(ev.actor, shared[0]), max(ev.counterpart, shared[1])
    # National institutions with no country beside them stand for the publisher's own state (not the words
    # inside a firm's name: "thyssenkrupp Marine Systems").
    spans = [(m.position, m.end) for m in mentions]  # a capital next to an institution is its venue
    # A demonym right before another institution qualifies that one ("Verteidigungsministerin trifft ungarischen
    # Amtskollegen": the counterpart is Hungarian, the minister is the publisher's own).
    actor_starts = {a for a, _b in actors}
    claimed = {m.position for m in mentions if m.adjective and m.end in actor_starts}
    org_starts = [i for i, _code in organisations_in(tokens)] if actors else ()
    for a_start, a_end in actors:
        s = sentence[a_start]
        qualified = any(sentence[p] == s and a_start - ACTOR_AFTER - 1 <= p <= a_end + ACTOR_BEFORE
                        and not (p >= a_end and p in claimed)
                        for p, _e in spans if p < len(sentence))
        # An organisation's body or officials ("les chefs d'état-major de la CEDEAO", "Совета министров обороны
        # ОДКБ", "NATO defence ministers") are no institution of the publisher's own state.
        qualified = qualified or any(a_end <= o <= a_end + ACTOR_BEFORE or a_start - ORG_BEFORE <= o < a_start
                                     for o in org_starts if o < len(sentence) and sentence[o] == s)
        if qualified or any(f_start <= a_start < f_end for f_start, f_end in firm_spans) \
                or roles.not_own.match_at(tokens, a_start) is not None:
            continue
        reading.own_actors += 1.0 if (in_title or s in cue_sentences) else 0.3
        if in_title or a_start < lead:
            reading.own_lead += 1.0
        if in_title:
            reading.own_title += 1.0
    reading.own_unit += _own_units(tokens, spans, roles, len(sentence) if in_title else lead)


def _own_units(tokens: Sequence[Token], spans: Sequence[tuple[int, int]], roles: RoleLexicon, end: int) -> int:
    """National units and military schools (`[own_unit]`) before `end` with no country right beside them: an
    adjective just before ("the Azerbaijani academy") or a name just after ("Academy of the Armed Forces of ...")."""
    units = [(m.start, m.end) for m in roles.own_unit.find(tokens) if m.start < end]
    if roles.own_unit_endings:
        units += [(n, n + 1) for n, token in enumerate(tokens[:end])
                  if len(token.key) > 8 and token.key.endswith(roles.own_unit_endings)]
    return sum(1 for start, stop in units
               if not any(p_end == start or stop <= p <= stop + OWN_UNIT_AFTER for p, p_end in spans))


def read_roles(title: str, text: str, lang: str | None, lex: Lexicon, year: int | None = None) -> RoleReading:
    """The role evidence of every country named or implied in one article (cached per text).

    `year` (of publication) only tells which sentences are background (`_background_sentences`): when it marks
    the same ones as no year does, the reading is the one without it, and is shared with it (the crawl tags a page
    with its date, then computes its story features from the same text without one)."""
    roles = role_lexicon(lang)
    if year is not None and all(_background_sentences(tokens, sentence_ids(tokens), year, roles)
                                == _background_sentences(tokens, sentence_ids(tokens), None, roles)
                                for tokens in (tokenize(title), tokenize(text))):
        year = None
    return _read_roles(title, text, lang, lex, year)


@lru_cache(maxsize=32)
def _read_roles(title: str, text: str, lang: str | None, lex: Lexicon, year: int | None) -> RoleReading:
    roles = role_lexicon(lang)
    reading = RoleReading()
    rejected: set[str] = set()
    for segment, in_title, base in ((title, True, 0), (text, False, 100000)):
        tokens = tokenize(segment)
        mentions = find_mentions(segment, lex, in_title, 0, rejected)
        _read_segment(reading, segment, tokens, mentions, roles, lex, in_title, base, year)
    return reading
