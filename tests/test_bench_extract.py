"""The extraction benchmark itself: link scoring, HTML-to-text for HTML-only extractors, held-out
means over publisher folds, and a real run of `bench.bench_extract` on a few dev-set pages."""

from __future__ import annotations

import pytest

from bench import bench_extract
from bench.extract_scoring import (
    PageScore,
    devset_dir,
    held_out,
    html_links,
    html_to_text,
    link_scores,
    per_fold,
)


def test_links_are_compared_absolute_and_without_fragment() -> None:
    html = '<p>See <a href="/a/b?x=1#top">this</a>, <a href="#note">note</a> and <a href="https://o.org/c">c</a>.</p>'
    assert html_links(html, "https://news.example/story/1") == {"https://news.example/a/b?x=1", "https://o.org/c"}
    gold = {"https://news.example/a/b?x=1", "https://news.example/missing"}
    assert link_scores(html, gold, "https://news.example/story/1") == (0.5, 0.5)
    assert link_scores("<p>no links</p>", gold, "https://news.example/") == (None, 0.0)


def test_html_body_becomes_one_line_per_block() -> None:
    html = "<div><h2>Head</h2><p>First <b>bold</b> line.</p><ul><li>one</li><li>two</li></ul>tail</div>"
    assert html_to_text(html).split("\n") == ["Head", "First bold line.", "one", "two", "tail"]
    assert html_to_text("  ") == ""


def test_held_out_is_the_mean_over_folds_with_spread() -> None:
    scores = [PageScore(name=f"p{i}", language="en", body_f1=f1, links_r=lr)
              for i, (f1, lr) in enumerate([(1.0, None), (0.5, 1.0), (0.0, None)])]
    folds = per_fold(scores, {"p0": 0, "p1": 0, "p2": 1}, 2)
    mean, spread = held_out(folds)
    assert mean.body_f1 == pytest.approx((0.75 + 0.0) / 2)
    assert spread["body_f1"] == pytest.approx(0.5303, abs=1e-4)
    assert mean.links_r == 1.0 and mean.links_pages == 1  # a fold without labelled pages is left out


def test_unknown_ablation_is_a_clear_error(capsys) -> None:
    assert bench_extract.main(["--ablate", "no-such-rule"]) == 2
    assert "unknown rule 'no-such-rule'" in capsys.readouterr().err


def test_bench_runs_on_a_few_devset_pages(tmp_path, capsys) -> None:
    pages = devset_dir() / "pages"
    if not pages.is_dir():
        reason = f"dev set not found at {pages.parent} (set ATTACHE_DEVSET to its folder)"
        print(reason)
        pytest.skip(reason)
    chosen = sorted(pages.glob("*.html.gz"))[:4]
    (tmp_path / "pages").mkdir()
    for path in chosen:  # symbolic links: the pages are read in place, never copied
        stem = path.name[: -len(".html.gz")]
        (tmp_path / "pages" / path.name).symlink_to(path)
        (tmp_path / "pages" / f"{stem}.json").symlink_to(pages / f"{stem}.json")
    saved = tmp_path / "out.json"
    code = bench_extract.main(["--devset", str(tmp_path), "--only", "normalise", "--only", "trafilatura",
                               "--input", "both", "--save", str(saved)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "normalise [text]" in out and "trafilatura [bytes]" in out and "Per fold" in out and "Targets" in out
    assert saved.is_file() and '"held_out"' in saved.read_text(encoding="utf-8")


def test_an_ablation_switches_its_rule_off_for_the_call_only() -> None:
    from bench.extract_ablations import ABLATIONS
    from scraper.normalise import normalise

    html = ("<html><head><title>Navies sign a training pact</title>"
            "<meta property='og:title' content='Baltic navies agree to train together'></head><body>"
            "<h1>Navies sign a training pact</h1><p>"
            + "The two navies agreed to train together next spring. " * 8 + "</p></body></html>")
    assert normalise(html, "https://harbour.example/a").title == "Baltic navies agree to train together"
    with ABLATIONS["title-og"].switched_off():
        assert normalise(html, "https://harbour.example/a").title == "Navies sign a training pact"
    assert normalise(html, "https://harbour.example/a").title == "Baltic navies agree to train together"
