"""Equipment donated or handed over as military aid is a transfer of arms, `industry` like a delivery (issue 10, main
kind; a class found on the tuning side, where a Lithuanian aid package to Ukraine had no cue at all;
docs/tagging-labels.md: `industry` covers arms transfers across borders). Short reports written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

DONATIONS = [
    ("uk", "UA", "Естонія передала Україні нову партію боєприпасів",
     "Естонія передала Збройним силам України нову партію боєприпасів і мінометів, повідомило міністерство оборони "
     "Естонії. Це вже двадцятий пакет військової допомоги."),
    ("ru", "RU", "Белоруссия безвозмездно передала Казахстану бронетранспортеры",
     "Министерство обороны Белоруссии безвозмездно передало вооруженным силам Казахстана десять бронетранспортеров "
     "в рамках военной помощи."),
    ("tr", "TR", "Türkiye, Gambiya ordusuna zırhlı araç hibe etti",
     "Türkiye, Gambiya Silahlı Kuvvetlerine 20 zırhlı araç hibe etti. Araçlar, Banjul'da düzenlenen törenle Gambiya "
     "Genelkurmay Başkanına teslim edildi; askeri yardım paketi eğitimi de kapsıyor."),
    ("es", "ES", "España dona a Ucrania vehículos blindados y munición",
     "Madrid, 3 de diciembre de 2026. España ha donado a Ucrania veinte vehículos blindados y munición de artillería, "
     "como parte de un nuevo paquete de ayuda militar aprobado por el Ministerio de Defensa."),
    ("de", "DE", "Deutschland übergibt Litauen Panzerhaubitzen",
     "Berlin, 3. Dezember 2026. Deutschland hat den litauischen Streitkräften zwei Panzerhaubitzen übergeben. Die "
     "Militärhilfe umfasst auch Munition und Ersatzteile."),
    ("en", "GB", "Japan donates radar systems to the Philippine Navy",
     "Manila, 3 December 2026. Japan donated three coastal radar systems to the Philippine Navy on Wednesday, the "
     "first transfer of defence equipment under its official security assistance programme."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), DONATIONS, ids=[d[0] for d in DONATIONS])
def test_donated_equipment_is_an_arms_transfer(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "industry", record
