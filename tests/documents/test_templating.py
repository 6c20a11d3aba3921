"""Templates: user ones override shipped ones, strict values, the sandbox, plain data only."""

from pathlib import Path

import pytest

from clientkit import paths
from clientkit.documents.templating import (
    TemplateForbidden,
    TemplateInvalid,
    TemplateMissing,
    TemplateUndefined,
    check_plain,
    find_localized,
    list_templates,
    render,
    render_plain,
)
from clientkit.storage.models import Client
from tests.documents.templates import render_text


def _user_template(name: str, text: str) -> Path:
    folder = paths.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_text_prints_one_period_after_a_value_ending_in_one():
    """An e-mail saying `by {{ pay_by }}.` with `22 січ. 2027 р.` ends the sentence once."""
    folder = paths.user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "note.txt.j2").write_text("Pay by {{ day }}. From {{ who }}.\n", encoding="utf-8")
    assert render_plain("note.txt.j2", {"day": "22 січ. 2027 р.", "who": "Acme Inc."}) == (
        "Pay by 22 січ. 2027 р. From Acme Inc.\n"
    )


def test_the_shipped_contracts_exist_in_english_and_german():
    shipped = {info.name for info in list_templates("contract.") if info.origin == "shipped"}
    assert {"contract.en.txt", "contract.de.txt"} <= shipped


def test_a_user_template_overrides_the_shipped_one_of_the_same_name():
    _user_template("contract.en.txt", "Mine for {{ client }}.")
    assert render("contract.en.txt", {"client": "Acme"}) == "Mine for Acme."


def test_both_the_user_and_the_overridden_shipped_template_are_listed_with_their_origin():
    user_path = _user_template("contract.en.txt", "Mine.")
    rows = [(i.name, i.origin, i.active, i.path) for i in list_templates("contract.en")]
    assert rows == [
        ("contract.en.txt", "user", True, user_path),
        ("contract.en.txt", "shipped", False, paths.shipped_templates_dir() / "contract.en.txt"),
    ]


def test_a_new_user_template_is_listed_as_the_only_one_of_its_name():
    _user_template("offer.en.txt", "Offer.")
    assert [(i.origin, i.active) for i in list_templates("offer.")] == [("user", True)]


def test_a_missing_variable_is_an_error_naming_it_and_its_line():
    with pytest.raises(TemplateUndefined) as caught:
        render_text("Hello\n{{ client_name }}!", {"client": "Acme"})
    assert caught.value.variable == "client_name"
    assert "'client_name' is not defined" in str(caught.value)
    assert "line 2" in str(caught.value)


def test_a_missing_key_of_a_value_is_named_with_what_is_available():
    _user_template("c.en.txt", "{{ terms.price }}\n{{ terms.rush }}")
    with pytest.raises(TemplateUndefined) as caught:
        render("c.en.txt", {"terms": {"price": "1", "late": "2"}})
    message = str(caught.value)
    assert message.startswith("template c.en.txt, line 2: ")
    assert "'rush' is not defined" in message
    assert "available here: late, price" in message
    assert "\n" not in message


def test_an_undefined_value_is_an_error_even_inside_an_if():
    with pytest.raises(TemplateUndefined):
        render_text("{% if rush_fee %}Rush{% endif %}", {})


def test_printing_an_unset_value_is_an_error_instead_of_none_in_the_document():
    with pytest.raises(TemplateInvalid, match="not set"):
        render_text("Fee: {{ fee }}", {"fee": None})


def test_an_unset_value_inside_its_if_block_leaves_the_clause_out():
    source = "A{% if fee %} fee {{ fee }}{% endif %}."
    assert render_text(source, {"fee": None}) == "A."
    assert render_text(source, {"fee": "5 €"}) == "A fee 5 €."


@pytest.mark.parametrize(
    "trick",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ client.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ 'x' * 100000000 }}",
    ],
)
def test_the_sandbox_refuses_attribute_tricks_and_runaway_output(trick):
    with pytest.raises(TemplateForbidden):
        render_text(trick, {"client": {"name": "Acme"}})


def test_a_sandbox_refusal_from_a_file_names_the_template_and_line():
    _user_template("evil.en.txt", "ok\n{{ ''.__class__.__mro__ }}")
    with pytest.raises(TemplateForbidden) as caught:
        render("evil.en.txt", {})
    assert str(caught.value).startswith("template evil.en.txt, line 2: the template sandbox")


def test_a_syntax_error_names_the_template_and_line():
    _user_template("broken.en.txt", "one\n{% if x %}never closed")
    with pytest.raises(TemplateInvalid, match=r"broken\.en\.txt, line 2"):
        render("broken.en.txt", {"x": 1})


def test_template_names_cannot_leave_the_template_folders():
    with pytest.raises(TemplateMissing):
        render("../clientkit.db", {})


def test_an_unknown_template_name_is_reported_as_missing():
    with pytest.raises(TemplateMissing, match=r"no template named 'nothing\.txt'"):
        render("nothing.txt", {})


def test_templates_get_plain_values_only_never_orm_rows():
    with pytest.raises(TypeError, match=r"values\.client must be plain data, not Client"):
        check_plain({"client": Client(name="Acme")})
    with pytest.raises(TypeError):
        render_text("{{ x }}", {"x": object()})


def test_output_is_not_html_escaped_the_pdf_layer_escapes_it():
    assert render_text("{{ name }}", {"name": "<b>A & B</b>"}) == "<b>A & B</b>"


def test_finalize_sees_every_printed_value():
    assert (
        render_text("[{{ a }}|{{ b }}]", {"a": 1, "b": "x"}, finalize=lambda v: f"<{v}>")
        == "[<1>|<x>]"
    )


def test_the_localized_template_prefers_the_region_then_the_language():
    _user_template("note.de_AT.txt", "Servus")
    assert find_localized("note", "de_AT", ".txt") == "note.de_AT.txt"
    assert find_localized("contract", "de_AT", ".txt") == "contract.de.txt"
    assert find_localized("contract", "fr_FR", ".txt") is None
