"""An organisation's bodies and officials ("les chefs d'état-major des armées de la CEDEAO", "NATO defence
ministers", "Совет министров обороны ОДКБ") are no institutions of the publisher's own state, so an agency reporting an
organisation's meeting does not become a party of it (issue 10, sixth round: a class found on the tuning-v5 reports;
the labelling guide: "A news agency reporting other countries' events does not make its own country a party"). Short
reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

BODIES = [
    ("fr", "FR", "À Abuja, les chefs d'état-major de la CEDEAO préparent la force en attente",
     "ABUJA (AFP) - Les chefs d'état-major des armées de la CEDEAO se sont réunis vendredi à Abuja pour préparer "
     "la force en attente. Le Nigeria et le Ghana ont promis de fournir la majorité des soldats.", {"NG", "GH"}, "FR"),
    ("en", "GB", "ECOWAS army chiefs prepare standby force in Abuja",
     "ABUJA (Reuters) - The chiefs of defence staff of ECOWAS met in Abuja on Friday to prepare the regional "
     "standby force. Nigeria and Ghana pledged most of the troops.", {"NG", "GH"}, "GB"),
    ("es", "ES", "Los jefes de Estado Mayor de la CEDEAO preparan la fuerza de reserva en Abuja",
     "ABUJA (EFE) - Los jefes de Estado Mayor de la CEDEAO se reunieron el viernes en Abuja para preparar la fuerza "
     "de reserva regional. Nigeria y Ghana anunciaron que aportarán la mayoría de las tropas.", {"NG", "GH"}, "ES"),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "agency"), BODIES,
                         ids=[c[0] for c in BODIES])
def test_an_organisations_bodies_are_not_the_agencys_own(lang, publisher, title, text, parties, agency):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "multilateral"
    assert parties <= set(record.parties), record
    assert agency not in record.parties, record
