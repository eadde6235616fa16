"""The paper hooks the Markdown → HTML step adds (pipeline/typeset.py)."""

from __future__ import annotations

import pytest

from policy_builder.pipeline.render import _markdown_it


def html(markdown: str, lang: str = "es-ES", names: tuple[str, ...] = ()) -> str:
    return _markdown_it().render(markdown, {"lang": lang, "names": list(names)}).strip()


@pytest.mark.parametrize(
    ("lang", "date"),
    [
        ("es-ES", "13 de enero de 2025"),
        ("es-MX", "18 de septiembre de 2023"),
        ("en-US", "January 13, 2025"),
        ("en-GB", "13 January 2025"),
    ],
)
def test_a_date_in_the_language_long_form_is_kept_on_one_line(lang: str, date: str) -> None:
    assert f'el <span class="nobr">{date}</span>.' in html(f"el {date}.", lang)


def test_addresses_and_international_numbers_are_kept_whole() -> None:
    out = html("Escriba a crisis-team@acme-retail.example o llame al +1 (512) 555-0148.")
    assert '<span class="nobr">crisis-team@acme-retail.example</span>' in out
    assert '<span class="nobr">+1 (512) 555-0148</span>' in out
    # a version, a year or a regulation's number is not a phone number
    assert "nobr" not in html("Versión 2.0.1 del Reglamento (UE) 2016/679, en 2025.")


def test_the_company_name_is_marked_and_other_words_are_not() -> None:
    out = html("Acme Cloud Systems, Inc. y Acme Cloud; Acmeland no.", names=("Acme Cloud",))
    assert out.count('<span class="name">Acme Cloud</span>') == 2
    assert "Acmeland" in out and out.count("name") == 2


def test_an_external_link_gets_its_address_as_a_note_and_a_raw_address_its_site() -> None:
    out = html("Vea [el texto](https://eur-lex.europa.eu/eli/reg/2016/679/oj).")
    assert (
        '<a href="https://eur-lex.europa.eu/eli/reg/2016/679/oj">el texto</a>'
        '<span class="link-note">https://eur-lex.europa.eu/eli/reg/2016/679/oj</span>'
    ) in out
    raw = html("Texto: [https://oag.ca.gov/privacy/ccpa](https://oag.ca.gov/privacy/ccpa)")
    assert (
        '<span class="url-scheme">https://</span>oag.ca.gov'
        '<span class="url-path">/privacy/ccpa</span></a>'
        '<span class="link-note">https://oag.ca.gov/privacy/ccpa</span>'
    ) in raw
    assert "link-note" not in html("Escriba a [nosotros](mailto:a@b.example).")


def test_spanish_text_gets_angle_quotes_and_english_keeps_its_own() -> None:
    assert "marque «me gusta» o «no»" in html('marque "me gusta" o “no”')
    assert "click “like” or &quot;no&quot;" in html('click “like” or "no"', "en-US")


def test_config_text_stays_escaped_around_the_hooks() -> None:
    out = html("<b>x</b> a@b.example <script>", "en-US")
    assert "&lt;b&gt;x&lt;/b&gt; " in out and "&lt;script&gt;" in out
    assert "<b>" not in out and "<script>" not in out
