"""Missions, operations and patrols of an organisation are multilateral cooperation, the national publisher's own
forces taking part when no country is named; technology transfer is industry (issue 10, classes found on the
tuning-v4 reports). Short reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

OPERATIONS = [
    ("fr", "FR", "Opération Irini : la frégate Provence contrôle un cargo en Méditerranée",
     "Méditerranée, le 3 novembre 2026. Engagée dans l'opération européenne Irini, la frégate Provence a contrôlé "
     "cette semaine un cargo soupçonné de violer l'embargo sur les armes. L'opération de l'Union européenne "
     "surveille les côtes depuis 2020.", {"FR"}),
    ("it", "IT", "Operazione Aspides, la fregata Fasan scorta mercantili nel Mar Rosso",
     "Mar Rosso, 3 novembre 2026. Impegnata nell'operazione europea Aspides, la fregata Fasan ha scortato questa "
     "settimana quattro navi mercantili nello stretto di Bab el-Mandeb. L'operazione dell'Unione europea protegge "
     "la libertà di navigazione.", {"IT"}),
    ("en", "GB", "HMS Iron Duke joins NATO patrols in the North Sea",
     "HMS Iron Duke has joined a NATO maritime group patrolling the North Sea this week to protect undersea cables "
     "and pipelines. The frigate's crew will carry out patrols alongside Allied ships until December, the Royal "
     "Navy said.", {"GB"}),
]

TRANSFER = [
    ("fr", "FR", "Le Brésil lance la construction de son sous-marin nucléaire avec l'aide de la France",
     "Le Brésil a lancé mardi la construction de son premier sous-marin à propulsion nucléaire, développé dans le "
     "cadre du partenariat stratégique franco-brésilien. Le chantier bénéficie de transferts de technologie "
     "français.", {"BR", "FR"}),
    ("es", "ES", "España y la India acuerdan la transferencia de tecnología para aviones C295",
     "Los ministerios de Defensa de España y la India han cerrado la transferencia de tecnología para fabricar "
     "aviones de transporte militar C295 en Vadodara para la Fuerza Aérea india, con participación del grupo indio "
     "Tata.", {"ES", "IN"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), OPERATIONS,
                         ids=[c[0] for c in OPERATIONS])
def test_an_organisations_operation_is_multilateral_with_the_publishers_own_forces(lang, publisher, title, text,
                                                                                   parties):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "multilateral"
    assert set(record.parties) == parties


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), TRANSFER, ids=[c[0] for c in TRANSFER])
def test_technology_transfer_is_industry(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "industry"
    assert set(record.parties) == parties
