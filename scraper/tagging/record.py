"""The tagging record of one article: who does what.

`tag_record` reads one article once and returns every field the feeds use: `countries` (all named or
implied), `parties` (the countries acting in the reported cooperation, see `roles`; the hand rules' choice, read by
`read_rules`, then checked by the learned `party_model`), `mentioned` (the
rest), whether it reports defence cooperation (`cooperation_score`, decided by `cooperation`), its main
event (`primary_kind`) and secondary kinds (see `kinds`), and the international `organisations`.

Contract relied on by the feeds (`pairs.party_pairs`): an article that is not cooperation has no kinds,
no `primary_kind` and no `parties`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ..languages import primary_subtag
from .cooperation import THRESHOLD, CooperationResult, classify_cooperation, cue_hits, cue_scores
from .countries import detect_language
from .data_files import role_lexicon
from .kinds import KindReading, read_kinds
from .lexicon import LANGUAGES, lexicon_for
from .organisations import find_organisations, organisation_codes
from .party_model import PartyContext, party_model
from .roles import TITLE, CountryEvidence, RoleReading, lead_end, read_roles
from .text import tokenize

PARTY_MIN = 2.5
"""Evidence score from which a named country is a party (a title mention alone is enough)."""
OWN_ACTOR_MIN = 1.0
"""Weight of unqualified national institutions from which the publisher's own country is a party."""
OWN_NAMED_MIN = 2.0
"""Evidence from which the publisher's own country, once named, is a party (a role: actor, counterpart, pair)."""
COUNTERPART = 2.0
"""A counterpart role this strong is a country named after "with" ("avec", "insieme a", "с") in an event sentence."""
ACTOR = 2.0
"""An actor role this strong is a country's own institution or force in an event sentence (a capital counts 1.5)."""
PROMOTE_MIN = 1.5
"""When one party is found, the strongest other country with this much evidence (a role, not a lead mention)
becomes the second."""


AGENCY_DATELINE = re.compile(r"^[^\n]{0,60}?(?:\([^\W\d_][^()\n]{0,18}\)|/[^\W\d_]{2,8}/)\s*[-–—:.]")
"""A wire's dateline at the start of the text ("KARACHI, Nov. 5 (Xinhua) --", "BAKÜ (AA) -", "(ANSA) - ROMA, 9 MAR -",
"МАНИЛА, 21 апреля. /ТАСС/."): the report is an agency's, whose own state takes no part unless the text names it."""


FORMAT_PARTIES = 3
MEETING_KINDS = ("staff_talks", "industry")
"""Talks (or talks about a joint programme) between this many parties are a multilateral format."""


@dataclass
class TagRecord:
    """What tagging says about one article."""

    countries: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    cooperation: list[str] = field(default_factory=list)
    primary_kind: str | None = None
    cooperation_score: float = 0.0
    organisations: list[str] = field(default_factory=list)

    @property
    def is_cooperation(self) -> bool:
        return self.primary_kind is not None


def _language(title: str, text: str, language: str | None) -> str | None:
    lang = primary_subtag(language, strict=True)
    if lang in LANGUAGES:
        return lang
    return detect_language(f"{title}\n{text}")


def _named_second(ranked: list[str], evidence: dict, parties: list[str], publisher: str) -> str | None:
    """The named country with a role (an actor, a firm, a counterpart) that is the other side of a cooperation
    whose one party is found: named evidence comes before the publisher's implied presence."""
    for code in ranked:
        ev = evidence[code]
        if code not in parties and code != publisher and ev.score >= PROMOTE_MIN and (ev.actor or ev.counterpart):
            return code
    return None


def _acting_with(ev: CountryEvidence) -> bool:
    """Its own institution or force acts ("istruttori francesi", not a capital) and is named after "with"."""
    return ev.actor >= ACTOR and ev.counterpart >= COUNTERPART


def _own_drill(title: str, text: str, kind_reading: KindReading, ev: CountryEvidence) -> bool:
    """A foreign country's exercise with no word of cooperation ("joint", "bilateral", "مشتركا") and no counterpart
    after "with": its own drill ("إيران تجري مناورات بحرية قرب مضيق هرمز"), in which the publisher, never named, takes
    no part, neither as its missing side nor through institutions named without a country."""
    kinds = kind_reading.ranked()
    if not kinds or kinds[0] != "exercise" or ev.counterpart >= COUNTERPART:
        return False
    cues = cue_scores(title, text)
    return cues.get("coop", 0.0) + cues.get("intl", 0.0) + cues.get("joint", 0.0) < 1


def _taking_part(ranked: list[str], roles: RoleReading, parties: list[str]) -> list[str]:
    """The countries, in rank order, that announce, fund, send or host (`roles.contributors`), not yet parties, and
    are neither observers nor reacting: in an organisation's event or a multilateral format, they take part."""
    evidence = roles.evidence
    return [c for c in ranked if c in roles.contributors and c not in parties
            and not evidence[c].observer and not evidence[c].reactor]


def _named_in_passing(ev) -> bool:
    """Named outside the title and the lead with no role of its own (no institution, no counterpart word)."""
    return not (ev.title or ev.lead or ev.actor or ev.counterpart or ev.capital)


def _foreign_guests(title: str, text: str) -> bool:
    """Foreign guests or trainees named without a country in the title or the lead ("foreign defence attachés")."""
    lead = lead_end(tokenize(text))
    return any(hit.category == "foreign" for hit in cue_hits(title)) or any(
        hit.category == "foreign" and hit.position < lead for hit in cue_hits(text))


@dataclass
class CooperationContext:
    """What the rules knew about one article with a kind when they decided whether it is cooperation (read by
    `bench/cooperation_model_experiment.py`, the learned cooperation decision measured and not kept)."""

    decided: bool
    """The rules' decision."""
    result: CooperationResult
    """The cue classifier's reading (`evidence`: its cue weights per category)."""
    title_categories: frozenset[str]
    kind_reading: KindReading
    kinds: list[str]
    parties: list[str]
    """The parties the rules give it, or would give it as a cooperation item."""
    hosts: list[str]
    publisher: str | None
    evidence: Mapping[str, CountryEvidence]
    international: bool
    organisations: int
    organisation_in_title: bool
    framing_in_title: bool
    language: str | None
    flags: dict[str, bool] = field(default_factory=dict)


@dataclass
class RuleReading:
    """The rules' reading of one article: their decision and, for a cooperation item, what they knew (`party`)."""

    decided: bool
    parties: list[str]
    kinds: list[str]
    named: list[str]
    score: float
    organisations: list[str]
    party: PartyContext | None = None
    """What the rules knew of a cooperation item (`decided`), or with `would_be` of any article with a kind (its
    parties as if it were one)."""
    cooperation: CooperationContext | None = None
    """What they knew deciding cooperation: present exactly when `party` is."""


def tag_record(title: str, text: str, language: str | None = None,
               publisher_country: str | None = None, published: datetime | None = None) -> TagRecord:
    """Tag one article (title and plain body text) published by an outlet of `publisher_country`.

    `published` (when known) tells which years in the text are the past: sentences about earlier years are
    background (a past deployment, an old agreement), not the event. Whether an article with a kind is cooperation is
    the rules' decision; the rules' parties of a cooperation item then go through the learned party model
    (`party_model`), which may drop or add some.
    """
    reading = read_rules(title, text, language, publisher_country, published)
    parties = party_model().decide(reading.party) if reading.decided and reading.party is not None else []
    # Parties may be implied (the publisher's institutions, a firm); mentioned countries are named.
    countries = list(dict.fromkeys(reading.named + parties))
    record = TagRecord(organisations=reading.organisations, cooperation_score=reading.score)
    if reading.decided:
        record.parties = sorted(parties)
        record.primary_kind = reading.kinds[0]
        record.cooperation = reading.kinds
    record.mentioned = sorted(c for c in countries if c not in record.parties)
    record.countries = sorted(countries)
    return record


def read_rules(title: str, text: str, language: str | None = None, publisher_country: str | None = None,
               published: datetime | None = None, would_be: bool = False) -> RuleReading:
    """The hand rules' decision on one article, before the party model (see `tag_record`).

    `would_be`: an article with a kind that the rules do not call cooperation is also read as a cooperation item
    (`RuleReading.party` and `.cooperation`, its parties as if it were one), for learned second opinions measured
    in bench/; `tag_record` does not ask for it.
    """
    title, text = title or "", text or ""
    lang = _language(title, text, language)
    lex = lexicon_for(lang)
    roles = read_roles(title, text, lang, lex, published.year if published else None)
    publisher = (publisher_country or "").upper() or None
    ranked = roles.ranked()
    evidence = roles.evidence
    parties = [c for c in ranked if evidence[c].score >= PARTY_MIN]
    orgs = find_organisations(title, text)
    kind_reading = read_kinds(title, text, role_lexicon(lang), orgs)
    foreign = [c for c in parties if c != publisher]
    # A headline naming two other countries as parties is a report about them (an agency's, a foreign desk's):
    # unqualified institutions there are theirs ("the defence minister said") and a capital before the text is
    # the publisher's dateline, not a venue of its own state.
    about_others = sum(1 for c in foreign if evidence[c].title > 0) >= 2 \
        and publisher not in roles.title_venues  # unless the headline's venue is the publisher's own capital
    # An agency's wire that never names the agency's own state reports others' news: its unqualified institutions
    # ("its defence ministry said") are theirs, and its state is no missing side.
    others_wire = publisher not in evidence and AGENCY_DATELINE.match(text) is not None
    # A headline naming one foreign country acting and another only as the place of its activity ("Russland hält
    # Manöver nahe der finnischen Grenze ab", "Venezuela despliega tropas cerca de la frontera con Guyana") reports
    # that country's own activity: the publisher's implied institutions there are the foreign country's, unless the
    # headline names the publisher's own.
    own_activity = len(foreign) == 1 and evidence[foreign[0]].title >= TITLE and not roles.own_title \
        and not roles.own_unit and any(ev.venue and ev.title for c, ev in evidence.items() if c not in parties)
    own_drill = foreign == parties and len(foreign) == 1 and publisher not in evidence \
        and _own_drill(title, text, kind_reading, evidence[foreign[0]])
    if publisher and publisher not in parties and not own_activity and not own_drill and (
            (roles.own_actors >= OWN_ACTOR_MIN and not others_wire
             and (len(foreign) <= 1 or (roles.own_lead >= OWN_ACTOR_MIN and not about_others)))
            or (publisher in roles.venues and not about_others)
            or roles.own_unit  # its unit or school in the title or lead: the headline's foreign countries are guests
            or (publisher in evidence and evidence[publisher].score >= OWN_NAMED_MIN
                and (not about_others or roles.own_lead >= OWN_ACTOR_MIN))
            or (len(parties) == 1 and not _named_second(ranked, evidence, parties, publisher) and not others_wire)):
        # A national publisher's own state acts in what it reports: implied by its institutions (in the title
        # or lead, or anywhere unless the report is about two other countries, as an agency's is), hosting in
        # its capital, named in a role (in a report about two other countries only when its own institutions are
        # in the title or lead: AFP on Chad and Niger "breaking with France" is no French report), or the other
        # side of a cooperation whose one named party is foreign (in an agency's wire, whose dateline says it reports
        # others' news, only when the wire names it). A foreign country's own drill, told with no word of cooperation,
        # is no part of the publisher's.
        parties.append(publisher)
    promoted = None
    if len(parties) == 1:
        others = [c for c in ranked if c not in parties and evidence[c].score >= PROMOTE_MIN
                  and (not evidence[c].venue or evidence[c].actor or evidence[c].counterpart)]
        if others:
            promoted = others[0]
            parties.append(promoted)
    organisations = organisation_codes(orgs)
    named = [c for c in ranked if evidence[c].mentions]  # a firm alone does not name its country
    hosts = [c for c in roles.contributors if c not in parties and evidence[c].mentions
             and not evidence[c].observer and not evidence[c].reactor]
    result = classify_cooperation(title, text, lang, countries=parties + hosts)
    kinds = [] if kind_reading.title_negated or kind_reading.title_reaction else kind_reading.ranked()
    if kind_reading.counted and kinds and kinds[0] in MEETING_KINDS and "staff_talks" in kinds \
            and "staff_talks" not in kind_reading.strong:
        # Talks of ministers "from twelve countries": the count of states says it is a multilateral format (as with
        # three named parties below), also when fewer countries are named.
        kinds = ["multilateral", *[k for k in kinds if k != "multilateral"]]
    framing = [o for o in orgs if (o.in_title, o.position) not in kind_reading.adversary_orgs]
    if kinds and kinds[0] == "staff_talks" and "staff_talks" not in kind_reading.strong \
            and any(o.in_title for o in framing) and not any(e.title > 0 for e in evidence.values()):
        # A meeting whose title names an organisation and no country ("Treffen der EU-Verteidigungsminister",
        # "اجتماع وزراء دفاع دول مجلس التعاون") is the organisation's meeting, not bilateral staff talks.
        kinds = ["multilateral", *[k for k in kinds if k != "multilateral"]]
    foreign = [c for c in parties if c != publisher]
    international = len(parties) + len(hosts) >= 2 or (bool(foreign) and bool(organisations)) or (
        bool(kinds) and kinds[0] == "multilateral" and kind_reading.counted) or (
        bool(parties) and _foreign_guests(title, text)) or (
        bool(parties) and any(o.in_title for o in framing)) or (
        bool(kinds) and kinds[0] == "multilateral" and bool(framing)) or (
        # a contingent or course abroad ("Mehmetçik Kosova'da"): the title's venue is another country
        bool(parties) and any(ev.venue for c, ev in evidence.items() if c not in parties))
    decided = result.is_cooperation and bool(kinds) and international
    # The rest reads a cooperation item, or (`would_be`) any article with a kind as if it were one.
    possible = decided or (would_be and bool(kinds))
    if possible and promoted and kinds[0] == "multilateral" and framing and _named_in_passing(evidence[promoted]):
        # An organisation's meeting may have a single party (the publisher's minister at a NATO ministerial): a country
        # named only in the body's lists ("les représentants de l'Australie et du Japon, partenaires de l'Alliance,
        # ont assisté") is no second side.
        parties.remove(promoted)
    if possible and (kinds[0] == "multilateral" or ("multilateral" in kinds and bool(organisations))):
        # Countries announcing, funding, sending or hosting in an organisation's event (its meeting, or its exercise
        # or mission) take part in it.
        parties += _taking_part(ranked, roles, parties)
    headline = [c for c in parties if c in evidence and evidence[c].title >= TITLE]
    if possible and len(headline) == 2 and "multilateral" not in kinds and not kind_reading.counted:
        # A bilateral item whose headline names its two sides ("Egypt, Greece hold Medusa naval drill"): a country
        # named alone in the body, in no list with others, is an aside ("after Athens signed a frigate deal with
        # Paris", "the corridor linking Belarus with Russia's Kaliningrad"), not a third side, unless its own forces
        # act with them ("svolta insieme a istruttori francesi"); contingents named together ("with contingents
        # from Australia and Japan") and the publisher's own stay parties.
        parties = [c for c in parties if c in headline or c == publisher or c not in evidence
                   or evidence[c].title or evidence[c].paired or _acting_with(evidence[c])]
    if possible and not parties and publisher and kinds[0] == "multilateral":
        parties = [publisher]  # an organisation's operation or a meeting of twelve countries that names none: the
        # publisher's own part
    if possible and len(parties) >= FORMAT_PARTIES and kinds[0] in MEETING_KINDS and "staff_talks" in kinds \
            and "staff_talks" not in kind_reading.strong:  # not explicit (bilateral) staff talks
        # A meeting of three or more countries' ministers or chiefs is a multilateral format (the labelling guide's
        # "trilateral and larger ministerial formats"), also when it is about a joint programme; its hosts take part.
        kinds = ["multilateral", *[k for k in kinds if k != "multilateral"]]
        parties += _taking_part(ranked, roles, parties)
    score = result.score if decided else min(result.score, THRESHOLD - 0.01)
    if not possible:
        return RuleReading(False, [], [], named, score, organisations)
    context = PartyContext(
        roles=roles, ranked=ranked, parties=list(dict.fromkeys(parties)), publisher=publisher, kinds=kinds,
        cooperation_score=score, organisations=len(organisations), organisation_in_title=any(o.in_title for o in orgs),
        counted=kind_reading.counted, promoted=promoted if promoted in parties else None,
        flags={"about_others": about_others, "others_wire": others_wire, "own_activity": own_activity,
               "own_drill": own_drill})
    cooperation = CooperationContext(
        decided=decided, result=result, title_categories=frozenset(hit.category for hit in cue_hits(title)),
        kind_reading=kind_reading, kinds=kinds, parties=context.parties, hosts=hosts, publisher=publisher,
        evidence=evidence, international=international, organisations=len(organisations),
        organisation_in_title=context.organisation_in_title, framing_in_title=any(o.in_title for o in framing),
        language=lang, flags=context.flags)
    if not decided:
        return RuleReading(False, [], [], named, score, organisations, context, cooperation)
    return RuleReading(True, context.parties, kinds, named, score, organisations, context, cooperation)
