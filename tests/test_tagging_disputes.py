"""A country in a sentence about a dispute or disagreement ("Almanya ve Fransa ise FCAS programında anlaşmazlık
yaşıyor", "Frankreich streitet weiter mit Spanien") is background, as in a sentence about tension or war: the rival
programme's quarrel is no cooperation of its countries, and Turkish "anlaşmazlık" (disagreement) is no "anlaşma"
(agreement). Dispute words are [hostility] cues in every language (issue 10, seventh round: a class of false pair feeds
found on the tuning-v6 reports; the labelling guide lists "a losing bidder or a rival programme" under mentioned).
Short reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

DISPUTES = [
    ('en', 'GB', 'Italy and Japan sign fighter engine contract',
     'ROME, Nov 12 (Reuters) - Italy and Japan signed a contract on Wednesday for the joint '
     'development of the engine of a next-generation fighter jet. Germany remains in a dispute with '
     'France and Spain over the joint development of their own fighter.',
     ['IT', 'JP'], ['DE', 'ES', 'FR']),
    ('it', 'IT', 'Italia e Giappone firmano il contratto per il caccia',
     'Italia e Giappone hanno firmato a Roma il contratto per lo sviluppo congiunto del motore del '
     'caccia di nuova generazione. La Germania resta in disaccordo con la Francia e la Spagna sullo '
     'sviluppo congiunto del loro caccia.',
     ['IT', 'JP'], ['DE', 'ES', 'FR']),
    ('fr', 'FR', "L'Italie et le Japon signent un contrat pour le moteur du futur chasseur",
     "L'Italie et le Japon ont signé mercredi à Rome un contrat de développement conjoint du moteur "
     "de leur avion de combat de nouvelle génération. L'Allemagne reste en désaccord avec l'Espagne "
     'et la Belgique sur le développement conjoint de leur propre avion.',
     ['IT', 'JP'], ['BE', 'DE', 'ES']),
    ('de', 'DE', 'Italien und Japan unterzeichnen Vertrag für Kampfjet-Triebwerk',
     'Italien und Japan haben in Rom einen Vertrag über die gemeinsame Entwicklung des Triebwerks '
     'ihres künftigen Kampfflugzeugs unterzeichnet. Frankreich streitet weiter mit Spanien und '
     'Belgien über die gemeinsame Entwicklung ihres eigenen Kampfflugzeugs.',
     ['IT', 'JP'], ['BE', 'ES', 'FR']),
    ('es', 'ES', 'Italia y Japón firman un contrato para el motor del nuevo caza',
     'Roma, 12 nov (EFE). Los ministerios de Defensa de Italia y Japón han firmado un contrato de '
     'cooperación industrial para el desarrollo conjunto del motor de su avión de combate de nueva '
     'generación. Alemania mantiene un desacuerdo con Francia y Bélgica sobre el desarrollo conjunto '
     'de su propio avión.',
     ['IT', 'JP'], ['BE', 'DE', 'FR']),
    ('ru', 'RU', 'Италия и Япония подписали контракт на двигатель истребителя',
     'Италия и Япония подписали в Риме контракт на совместную разработку двигателя истребителя нового '
     'поколения. У Германии продолжаются разногласия с Францией и Испанией по совместной разработке '
     'собственного истребителя.',
     ['IT', 'JP'], ['DE', 'ES', 'FR']),
    ('uk', 'UA', 'Італія та Японія підписали контракт на двигун винищувача',
     'Італія та Японія підписали в Римі контракт на спільну розробку двигуна винищувача нового '
     'покоління. У Німеччини тривають розбіжності з Францією та Іспанією щодо спільної розробки '
     'власного винищувача.',
     ['IT', 'JP'], ['DE', 'ES', 'FR']),
    ('tr', 'TR', 'İtalya ve Japonya savaş uçağı motoru sözleşmesi imzaladı',
     'İtalya ve Japonya, yeni nesil savaş uçağının motorunun ortak geliştirilmesine ilişkin '
     "sözleşmeyi Roma'da imzaladı. Almanya ve Fransa ise kendi ortak programlarında iş paylaşımı "
     'konusunda anlaşmazlık yaşıyor.',
     ['IT', 'JP'], ['DE', 'FR']),
    ('az', 'AZ', 'İtaliya və Yaponiya qırıcı mühərriki üzrə müqavilə imzalayıb',
     'İtaliya və Yaponiya yeni nəsil qırıcı təyyarənin mühərrikinin birgə hazırlanmasına dair '
     'müqaviləni Romada imzalayıb. Almaniya və Fransa arasında isə öz birgə proqramlarında iş bölgüsü '
     'ilə bağlı fikir ayrılığı davam edir.',
     ['IT', 'JP'], ['DE', 'FR']),
    ('ar', 'AE', 'إيطاليا واليابان توقعان عقدا لتطوير محرك مقاتلة',
     'وقعت وزارتا الدفاع في إيطاليا واليابان في روما عقدا للتطوير المشترك لمحرك طائرة مقاتلة من الجيل '
     'الجديد في إطار التعاون الدفاعي بين البلدين. وتستمر الخلافات بين ألمانيا وفرنسا حول التطوير '
     'المشترك لطائرتهما المقاتلة.',
     ['IT', 'JP'], ['DE', 'FR']),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "rivals"), DISPUTES,
                         ids=[c[0] for c in DISPUTES])
def test_countries_of_a_dispute_are_no_parties(lang, publisher, title, text, parties, rivals):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "industry", record
    assert set(parties) <= set(record.parties), record
    assert not set(rivals) & set(record.parties), record
    assert set(rivals) <= set(record.mentioned), record
