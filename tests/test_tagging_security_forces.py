"""Gendarmeries, coast guards and border guards training or drilling with foreign forces are security cooperation
(issue 10, main kind; a class found on the tuning side, where the Guardia Civil training Mauritanian coast guards had
no defence context and the Carabinieri training Somali police read as police news; docs/tagging-labels.md:
cooperation is "defence or security cooperation between two or more countries"). Police named as the trainees of a
course or in a drill do not make it crime news; a court case stays one. Short reports written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

TRAINING = [
    ("es", "ES", "La Guardia Civil forma a guardacostas de Senegal",
     "Dakar, 3 de diciembre de 2026. Agentes de la Guardia Civil han impartido un curso de vigilancia marítima a 25 "
     "guardacostas senegaleses, dentro del acuerdo de cooperación entre España y Senegal."),
    ("it", "IT", "I Carabinieri formano 80 agenti della polizia libica",
     "Tripoli, 3 dicembre 2026. Si è concluso il corso condotto dai Carabinieri a favore di 80 agenti della polizia "
     "libica. Gli istruttori dell'Arma hanno curato il controllo del territorio, nell'ambito della cooperazione tra "
     "Italia e Libia."),
    ("en", "US", "U.S. Coast Guard trains Ghanaian coast guard crews",
     "Accra, 3 December 2026. A U.S. Coast Guard team completed a two-week course for 30 crew members of Ghana's "
     "coast guard on boarding and search and rescue, under the maritime cooperation agreement."),
    ("fr", "FR", "La gendarmerie forme des gendarmes ivoiriens au maintien de l'ordre",
     "Abidjan, le 3 décembre 2026. Des instructeurs de la gendarmerie française ont formé 40 gendarmes ivoiriens au "
     "maintien de l'ordre et à la police judiciaire, dans le cadre de la coopération entre la France et la Côte "
     "d'Ivoire."),
    ("de", "DE", "Küstenwache bildet tunesische Grenzpolizisten aus",
     "Tunis, 3. Dezember 2026. Ausbilder der deutschen Küstenwache haben 20 tunesische Grenzpolizisten in einem "
     "Lehrgang zur Seeraumüberwachung geschult, im Rahmen der Zusammenarbeit zwischen Deutschland und Tunesien."),
    ("tr", "TR", "Jandarma, Kırgız polislerine eğitim verdi",
     "Bişkek, 3 Aralık 2026. Jandarma Genel Komutanlığı eğitimcileri, Kırgızistan polis teşkilatından 30 personele "
     "kalabalık kontrolü kursu verdi. Eğitim, Türkiye ile Kırgızistan arasındaki iş birliği kapsamında yapıldı."),
]

COURT = ("it", "IT", "Processo a Roma contro agenti della polizia libica",
         "Roma, 3 dicembre 2026. Si è aperto il processo contro tre agenti della polizia libica accusati di traffico "
         "di migranti. Il tribunale ha ascoltato i testimoni; la Libia non ha inviato osservatori.")


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), TRAINING, ids=[t[0] for t in TRAINING])
def test_security_forces_training_foreign_forces_is_training(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "training", record


def test_a_court_case_about_police_is_no_cooperation():
    lang, publisher, title, text = COURT
    assert tag_record(title, text, lang, publisher).primary_kind is None
