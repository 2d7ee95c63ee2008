"""A country whose cooperation was broken off, cancelled or refused is background, and an agency's own country named
there is no party of the report it files about two other countries (issue 10, sixth round: a class found on the
tuning-v5 reports, AFP on Chad and Niger "qui ont rompu leurs accords militaires avec la France"; the labelling guide:
"A news agency reporting other countries' events does not make its own country a party"). Short reports written for
this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

BROKEN_TIES = [
    ("fr", "FR", "Le Mali et le Niger signent un accord de défense",
     "NIAMEY (AFP) - Le Mali et le Niger ont signé jeudi un accord de défense prévoyant des patrouilles conjointes "
     "à leur frontière, a annoncé le ministre nigérien de la Défense. Les deux pays ont rompu leurs accords "
     "militaires avec la France et se sont rapprochés de la Turquie.", {"ML", "NE"}, "FR"),
    ("en", "GB", "Mali and Niger sign defence pact",
     "NIAMEY (Reuters) - Mali and Niger signed a defence pact on Thursday providing for joint border patrols, "
     "Niger's defence minister said. Both countries severed their military agreements with the British training "
     "mission and turned to Turkey for drones.", {"ML", "NE"}, "GB"),
    ("ru", "RU", "Армения и Франция подписали соглашение о военном сотрудничестве",
     "ЕРЕВАН, 6 ноября. /ТАСС/. Министр обороны Армении и министр Вооруженных сил Франции подписали соглашение о "
     "военном сотрудничестве. Ранее Ереван приостановил военное сотрудничество с российскими военными в рамках "
     "ОДКБ.", {"AM", "FR"}, "RU"),
    ("es", "ES", "Marruecos y Mauritania firman un acuerdo de defensa",
     "NUAKCHOT (EFE) - Marruecos y Mauritania firmaron el jueves un acuerdo de cooperación en defensa, informó el "
     "ministro mauritano de Defensa. Mauritania rechazó el año pasado un acuerdo de patrullas con los guardacostas "
     "españoles.", {"MA", "MR"}, "ES"),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "own"), BROKEN_TIES,
                         ids=[c[0] for c in BROKEN_TIES])
def test_an_agency_country_with_broken_ties_is_no_party(lang, publisher, title, text, parties, own):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation
    assert parties <= set(record.parties), record.parties
    assert own not in record.parties and own in record.countries, record
