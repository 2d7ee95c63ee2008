"""The main event of a cooperation article and its secondary kinds, from cue positions.

Cues (see `cue_data`) weigh more in the title and the lead sentence; a cue with a negation just before it
("did not sign", "non ha firmato", "не подписали", Turkish/Azerbaijani negative verb suffixes) is dropped.
Kinds are then ranked, and where one kind is usually part of another the more specific event wins:
a contract, delivery or order is `industry` even when it is signed (`agreement`), talks held during a
visit are the `visit`, and `multilateral` is the main event only when nothing else is reported (a
passing mention of NATO or the EU is not a multilateral event).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .cooperation import KINDS, CueHit, cue_hits
from .data_files import RoleLexicon, companies
from .lexicon_data import CONNECTIVES
from .organisations import OrganisationMention
from .roles import lead_end, sentence_ids
from .text import Token, tokenize

TITLE_FACTOR = 3.0
LEAD_FACTOR = 1.5
NEGATION_REACH = 5
"""A negation turns off cues up to this many words after it in its sentence ("did not sign a defence agreement")."""
SUFFIX_REACH = 3
"""Turkish and Azerbaijani negate the verb after the noun: a cue is off when a negated verb follows this close."""
BODY_CAP = 6.0
"""Body evidence of one kind is capped (long articles repeat their main kind)."""
KIND_MIN = 1.0
SECONDARY_SHARE = 0.4
"""A secondary kind needs this share of the main kind's weight."""
STRONG_CUE = 2.0
"""A cue of this weight names the kind explicitly ("staff talks", "memorandum", "procurement")."""
MULTILATERAL_MARGIN = 1.0
"""`multilateral` is the main event only when it outweighs the next kind by this factor."""
CONCRETE = frozenset({"exercise", "training", "industry"})
CONCRETE_SHARE = 0.4
"""... and an exercise, training or industry event with this share of the multilateral weight is the main event."""
FORMAT_NOUNS = frozenset({"exercise", "training"})
FORMAT_REACH = 2
"""A multilateral format word ("trilateral", "multinational") this close to an exercise or training cue qualifies
that event: it counts for the exercise or the course, not for a multilateral meeting."""
SALE_REACH = 5
"""An agreement cue followed this close by a purchase, supply or contract cue (same sentence) is a sale: `industry`."""
TOPIC_KINDS = frozenset({"exercise", "training", "industry", "agreement"})
TOPIC_FACTOR = 0.4
"""Exercises, courses, contracts or agreements named in a sentence saying they were discussed are topics of the
talks: they count this much (and stay secondary kinds when they reach the share)."""
JOINT_REACH = 4
"""A training cue this close to "joint" ("joint training", Arabic "التدريب ... المشترك") is an exercise."""
COURSE_REACH = 2
"""A supply cue this close after a training cue, with no conjunction between, delivers that course ("course delivered
by British soldiers", "formation dispensée"): it is training, not a sale."""
MUTUAL_REACH = 3
"""A supply cue this close to a reciprocity word (`[mutual]`: "cross-servicing", "supply-sharing", "servicios
cruzados"), same sentence, names a mutual logistics agreement: it is no sale."""
VISITED_SHARE = 0.5
"""A title naming a visit and an exercise ("visits troops on Exercise Iron Wolf", "besucht ... Übung") reports the
exercise when the exercise has this share of the visit's weight."""
FIELD_REACH = 3
"""An industry cue followed this close by a cooperation word, same sentence ("военно-техническом сотрудничестве",
"industrial cooperation"), names a field of cooperation, not a sale: it does not make an agreement a sale ..."""
FIELD_FACTOR = 0.5
"""... and counts this much, outside what the report leads with."""
MATERIEL_REACH = 6
"""A visit or reception cue of a title followed this close by a weapon or platform (a `context` cue), in a title
naming no official, institution or force ("Argentina recibe de Dinamarca los primeros cazas"), receives a delivery:
industry."""
CLAUSE_BREAK = re.compile(r"[,;:|–—]")
"""Clauses of a title: a reaction in a clause of its own ("..., Bakou proteste") leaves the headline event."""
ORG_EVENT_WEIGHT = 1.0
"""An organisation named in a sentence with a kind cue (a NATO exercise, an EU mission) counts this much."""


@dataclass
class KindReading:
    """Per-kind weights after negation, title and lead factors, and which kinds had an explicit cue."""

    weights: dict[str, float] = field(default_factory=dict)
    strong: set[str] = field(default_factory=set)
    headline: set[str] = field(default_factory=set)
    """Kinds with a cue in the title or the lead sentence: what the report leads with."""
    negated: int = 0
    title_negated: int = 0
    working_level: bool = False
    """Chiefs of staff or service chiefs in the title or the lead ([working_level])."""
    ministerial: bool = False
    """A minister, a government or a head of state in the title or the lead ([ministerial])."""
    title_kinds: set[str] = field(default_factory=set)
    """Kinds with a cue in the title itself."""
    title_reaction: bool = False
    """The title reports a reaction ("China condemns U.S.-Philippine drills", "tatbikatına Ankara'dan tepki"): a
    reaction word in the clause of the title's kind cue. The event reacted to is someone else's, not the report's."""
    adversary_orgs: set[tuple[bool, int]] = field(default_factory=set)
    """Organisations named in a sentence of tension or threat ("угрозы со стороны НАТО"): (in title, position). They
    are adversaries or background, not the framework of the event."""
    firm_title: bool = False
    """A defence firm (`companies.toml`) named in the title: a signing it leads with is the firm's deal."""
    counted: bool = False
    """A count of states ("ministers from twelve countries") was read as a multilateral format: an international
    side even when no other country is named."""
    """Negated cues in the title: the headline event did not happen ("Armenia did not sign ...")."""

    def ranked(self) -> list[str]:
        """Kinds with weight, the main event first (see the module docstring)."""
        w = {k: v for k, v in self.weights.items() if v >= KIND_MIN}
        if not w:
            return []
        order = sorted(w, key=lambda k: (-w[k], KINDS.index(k)))
        best = order[0]
        if best == "agreement" and "industry" in w and w["industry"] >= 0.5 * w["agreement"] \
                and "industry" in self.headline:
            best = "industry"  # the signing is a sale when the report leads with it, not when industry is a topic
        if best == "agreement" and self.firm_title and "industry" in w:
            best = "industry"  # a memorandum or agreement signed by a defence firm is an industrial partnership
        if best == "agreement" and self.working_level and not self.ministerial:
            best = "staff_talks"  # a letter of intent or memorandum signed by chiefs of staff: working level
        if best == "staff_talks" and "visit" in w and "staff_talks" not in self.strong \
                and (w["visit"] >= 0.5 * w["staff_talks"] or "visit" in self.headline):
            best = "visit"  # talks held during a visit the report leads with are the visit
        if best == "visit" and "exercise" in self.title_kinds and w.get("exercise", 0.0) >= VISITED_SHARE * w["visit"]:
            best = "exercise"  # a commander or a minister visiting an exercise: the exercise is the cooperation
        if best == "multilateral" and len(order) > 1 and (
                w[order[1]] * MULTILATERAL_MARGIN > w["multilateral"]
                or (order[1] in CONCRETE and order[1] in self.headline
                    and w[order[1]] >= CONCRETE_SHARE * w["multilateral"])):
            # A passing NATO / EU mention in a bilateral story leaves the bilateral kind first, and an exercise,
            # a course or a contract inside an organisation's framework is that exercise, course or contract.
            best = order[1]
        top = w.get(best, w[order[0]])  # a working-level signing weighs as the agreement it reports
        rest = [k for k in order if k != best and w[k] >= max(KIND_MIN, SECONDARY_SHARE * min(top, BODY_CAP))]
        return [best, *rest]


@lru_cache(maxsize=4)
def _suffix_pattern(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(x) for x in suffixes) or "(?!)")


def _negated(tokens: tuple[Token, ...], position: int, negations: set[int], pattern: re.Pattern[str]) -> bool:
    before = [n for n in negations if position - NEGATION_REACH <= n < position] if negations else []
    if before and not any(tokens[p].sentence_start for p in range(max(before) + 1, position + 1)):
        return True
    for p in range(position, min(position + SUFFIX_REACH + 1, len(tokens))):
        if p > position and tokens[p].sentence_start:
            break
        key = tokens[p].key
        if len(key) > 6 and pattern.search(key, 4):
            return True
    return False


def _near_in_sentence(position: int, others: set[int], sentence_of: Sequence[int], reach: int) -> bool:
    return any(p in others and 0 <= p < len(sentence_of) and sentence_of[p] == sentence_of[position]
               for d in range(1, reach + 1) for p in (position - d, position + d))


def _qualified_noun(position: int, nouns: set[int], sentence_of: Sequence[int]) -> int | None:
    """The exercise or training cue next to a format word (at most `FORMAT_REACH` words away, same sentence)."""
    for distance in range(1, FORMAT_REACH + 1):
        for p in (position + distance, position - distance):
            if p in nouns and 0 <= p < len(sentence_of) and sentence_of[p] == sentence_of[position]:
                return p
    return None


def _concrete_in_sentence(position: int, hits: Sequence[CueHit], sentence_of: Sequence[int],
                          topics: set[int]) -> str | None:
    """The exercise or training cue of the sentence of `position` (the nearest one), unless the sentence says they
    were discussed (then they are topics of the meeting the count of states marks)."""
    if sentence_of[position] in topics:
        return None
    found = [(abs(h.position - position), h.category) for h in hits
             if h.category in FORMAT_NOUNS and sentence_of[h.position] == sentence_of[position]]
    return min(found)[1] if found else None


def _lead_concrete(text: str) -> str | None:
    """The first exercise or training cue of the lead sentence, outside a sentence of talks about it."""
    tokens = tokenize(text)
    sentence_of = sentence_ids(tokens)
    lead = lead_end(tokens)
    hits = cue_hits(text)
    topics = {sentence_of[h.position] for h in hits if h.category == "topic" and h.position < len(sentence_of)}
    return next((h.category for h in hits if h.category in FORMAT_NOUNS and h.position < lead
                 and sentence_of[h.position] not in topics), None)


def read_kinds(title: str, text: str, roles: RoleLexicon, orgs: Sequence[OrganisationMention]) -> KindReading:
    """Weighted kind evidence of one article."""
    reading = KindReading()
    body: dict[str, float] = {}
    suffixes = _suffix_pattern(roles.negated_suffixes)
    lead_kind = _lead_concrete(text)
    for segment, in_title in ((title, True), (text, False)):
        tokens = tokenize(segment)
        sentence_of = sentence_ids(tokens)
        negations = {m.end - 1 for m in roles.negation.find(tokens)}
        lead = lead_end(tokens)
        cue_sentences: set[int] = set()
        hits = cue_hits(segment)
        concrete: set[int] = set()
        courses = {h.position for h in hits if h.category == "training"}
        joint: set[int] = set()
        topics: set[int] = set()
        supplies: set[int] = set()
        mutual = {h.position for h in hits if h.category == "mutual"}
        materiel = _materiel_receipts(hits, tokens, roles) if in_title else set()
        cooperation_words = [h.position for h in hits if h.category == "coop"]
        fields = {h.position for h in hits if h.category == "industry" and any(
            0 < c - h.position <= FIELD_REACH and sentence_of[c] == sentence_of[h.position]
            for c in cooperation_words)} if cooperation_words else set()
        for h in hits:
            if h.category in FORMAT_NOUNS:
                concrete.add(h.position)
            elif h.category == "joint":
                joint.add(h.position)
            elif h.category in ("topic", "background") and h.position < len(sentence_of):
                topics.add(sentence_of[h.position])
            elif h.category == "industry" and h.position not in fields and not (
                    mutual and _near_in_sentence(h.position, mutual, sentence_of, MUTUAL_REACH)):
                supplies.add(h.position)
        for hit in hits:
            if hit.category == "count":
                # "troops from 14 countries" in an exercise's sentence (a title's: in the title or the lead) count
                # for that exercise; elsewhere, ministers or chiefs of twelve countries are a multilateral format.
                kind = _concrete_in_sentence(hit.position, hits, sentence_of, topics) \
                    or (lead_kind if in_title else None)
                reading.counted |= kind is None
                hit = CueHit(kind or "multilateral", hit.weight, hit.position)
            elif hit.category not in KINDS:
                continue
            if joint and hit.category == "training" and hit.position + 1 not in courses \
                    and _near_in_sentence(hit.position, joint, sentence_of, JOINT_REACH):
                # ... unless it names a course ("a joint training course")
                hit = CueHit("exercise", hit.weight, hit.position)  # joint training is an exercise
            if hit.category == "multilateral" and concrete:
                noun = _qualified_noun(hit.position, concrete, sentence_of)
                if noun is not None:
                    # "trilateral exercise", "multinational training": a format word qualifies the event it names.
                    hit = CueHit(next(h.category for h in hits if h.position == noun and h.category in FORMAT_NOUNS),
                                 hit.weight, hit.position)
            if _negated(tokens, hit.position, negations, suffixes):
                reading.negated += 1
                reading.title_negated += in_title
                continue
            if hit.category == "visit" and hit.position in materiel:
                hit = CueHit("industry", hit.weight, hit.position)  # "recibe ... los primeros cazas": a delivery
            field = hit.category == "industry" and hit.position in fields
            if field:
                hit = CueHit("industry", hit.weight * FIELD_FACTOR, hit.position)  # a field of cooperation
            elif hit.category == "industry" and hit.position not in supplies and hit.position not in materiel:
                continue  # "Acquisition and Cross-Servicing Agreement": mutual logistics, not a sale
            if hit.category == "industry" and courses and any(
                    p in courses and sentence_of[p] == sentence_of[hit.position]
                    and not any(tokens[q].key in CONNECTIVES for q in range(p + 1, hit.position))
                    for p in range(max(hit.position - COURSE_REACH, 0), hit.position)):
                hit = CueHit("training", hit.weight, hit.position)  # the course is delivered, not a product
            if hit.category == "agreement" and supplies and any(
                    p in supplies and sentence_of[p] == sentence_of[hit.position]
                    for p in range(hit.position + 1, min(hit.position + SALE_REACH + 1, len(sentence_of)))):
                # "an agreement for the purchase of 114 Rafale", "соглашение о поставке": the deal is the sale
                hit = CueHit("industry", hit.weight, hit.position)
            if hit.category in TOPIC_KINDS and sentence_of[hit.position] in topics:
                hit = CueHit(hit.category, hit.weight * TOPIC_FACTOR, hit.position)  # a topic of the talks
            if hit.weight >= STRONG_CUE:
                reading.strong.add(hit.category)
            if (in_title or hit.position < lead) and not field:
                reading.headline.add(hit.category)
            if in_title:
                reading.title_kinds.add(hit.category)
            if in_title:
                reading.weights[hit.category] = reading.weights.get(hit.category, 0.0) + TITLE_FACTOR * hit.weight
            else:
                factor = LEAD_FACTOR if hit.position < lead else 1.0
                body[hit.category] = body.get(hit.category, 0.0) + factor * hit.weight
            if hit.category != "multilateral":
                cue_sentences.add(sentence_of[hit.position])
        hostile = {sentence_of[h.position] for h in hits if h.category == "hostility" and h.position < len(sentence_of)}
        for org in orgs:
            if org.in_title == in_title and hostile and sentence_of[org.position] in hostile:
                reading.adversary_orgs.add((in_title, org.position))  # "threats from NATO": not its event
                continue
            if org.in_title == in_title and (in_title or sentence_of[org.position] in cue_sentences):
                key = "multilateral"
                if in_title:
                    reading.weights[key] = reading.weights.get(key, 0.0) + TITLE_FACTOR * ORG_EVENT_WEIGHT
                else:
                    body[key] = body.get(key, 0.0) + ORG_EVENT_WEIGHT
    for kind, weight in body.items():
        reading.weights[kind] = reading.weights.get(kind, 0.0) + min(weight, BODY_CAP)
    if "agreement" in reading.weights:
        _read_signers(reading, title, text, roles)
    if reading.title_kinds and roles.reaction.find(tokenize(title)):
        reading.title_reaction = _reaction_headline(title, roles)
    return reading


def _materiel_receipts(hits: Sequence[CueHit], tokens: Sequence[Token], roles: RoleLexicon) -> set[int]:
    """Positions of title visit cues that receive equipment: a weapon or platform follows closely, and the title names
    no official, institution or force who could be the one received."""
    visits = [h.position for h in hits if h.category == "visit"]
    if not visits:
        return set()
    context = {h.position for h in hits if h.category == "context"}
    found = {v for v in visits if any(v < c <= v + MATERIEL_REACH for c in context)}
    if found and (roles.actors.find(tokens) or roles.working_level.find(tokens) or roles.ministerial.find(tokens)):
        return set()
    return found


def _reaction_headline(title: str, roles: RoleLexicon) -> bool:
    """Does a clause of the title hold both a reaction word and a kind cue ("Paris critique les manœuvres russes")?"""
    for clause in CLAUSE_BREAK.split(title):
        if roles.reaction.find(tokenize(clause)) and any(h.category in KINDS for h in cue_hits(clause)):
            return True
    return False


def _read_signers(reading: KindReading, title: str, text: str, roles: RoleLexicon) -> None:
    """Who the title and the lead name (`[working_level]`, `[ministerial]` in roles.toml): an agreement signed by chiefs
    of staff with no minister, government or head of state is a working-level document (`staff_talks`); one whose title
    names a defence firm (`companies.toml`) is the firm's deal (`industry`)."""
    title_tokens = tokenize(title)
    firms = companies()
    reading.firm_title = bool(firms.names.find(title_tokens)) or any(t.text in firms.abbreviations
                                                                     for t in title_tokens)
    for segment, in_title in ((title, True), (text, False)):
        tokens = tokenize(segment)
        limit = len(tokens) if in_title else lead_end(tokens)
        reading.working_level |= any(m.start < limit for m in roles.working_level.find(tokens))
        reading.ministerial |= any(m.start < limit for m in roles.ministerial.find(tokens))
