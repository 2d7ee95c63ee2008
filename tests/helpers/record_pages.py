"""A small hand-made article page (Italian and Azerbaijani text) for the record-defect tests."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2026, 11, 1, tzinfo=UTC)
URL = "https://www.defence-gazette.example/news/navies-sign-joint-patrol-accord"
BODY = (
    "<p>Le marine italiana e azerbaigiana hanno firmato un accordo di cooperazione a Bakı. "
    "Il ministro della Difesa ha dichiarato che la collaborazione è già più stretta che mai.</p>"
    "<p>Azərbaycan və İtaliya hərbi dəniz qüvvələri birgə təlimlər keçirəcək; "
    "nümayəndə heyəti Şuşa şəhərində görüşüb. La città ospiterà la riunione successiva.</p>"
    "<p>Secondo il comunicato, gli ufficiali hanno discusso addestramento, logistica e scambi "
    "di personale, con l'obiettivo di rafforzare l'interoperabilità delle due flotte.</p>"
)
TITLE = "Italia e Azərbaycan firmano un accordo navale a Bakı"


def page(head: str = "", body: str = BODY, title: str = TITLE) -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title>{head}"
            f"<meta name='keywords' content='Marina, Azərbaycan, Difesa'></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")
