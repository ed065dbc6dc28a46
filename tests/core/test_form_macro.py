"""The one form macro: every error-summary link moves to a field on the page; nothing shows as an error early.

Before, the summary linked to ``#<field id>``; a group of radio buttons has no element with that id (its
buttons are ``<id>-0``, ``<id>-1``…), so the reaction form's link to ``#publication`` went nowhere. Every
form class is rendered here with an error on each field, through the one field macro, and each summary
link must name an id on the page.
"""
import inspect
import re

from flask import render_template_string

from tests.core.test_form_lengths import every_form_class

PAGE = """{% from "_forms.html" import error_summary, field %}{{ error_summary(form) }}
{% for f in form if f.type not in ('HiddenField', 'CSRFTokenField') %}{{ field(f) }}{% endfor %}"""


def blank_form(form_class):
    """The form as first shown; arguments a form needs (the consultation, say) are None."""
    arguments = {name: None for name, parameter in inspect.signature(form_class.__init__).parameters.items()
                 if name not in ("self", "formdata", "kwargs", "args") and parameter.default is inspect.Parameter.empty}
    return form_class(formdata=None, meta={"csrf": False}, **arguments)


def form_with_every_field_wrong(form_class):
    form = blank_form(form_class)
    for f in form:
        f.errors = ["Fout."]
    return form


def summary_targets(html):
    if 'role="alert"' not in html:  # a form without fields (a button's CSRF form) has no summary
        return []
    summary = html.split('role="alert"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="#([^"]*)"', summary)


def test_every_summary_link_names_a_field_on_the_page(app):
    problems, checked = [], 0
    with app.test_request_context("/"):
        for form_class in every_form_class():
            form = form_with_every_field_wrong(form_class)
            html = render_template_string(PAGE, form=form)
            ids = set(re.findall(r'\sid="([^"]+)"', html))
            for target in summary_targets(html):
                checked += 1
                if target not in ids:
                    problems.append(f"{form_class.__name__}: #{target} is not on the page")
    assert checked > 100
    assert not problems, "\n".join(problems)


def test_a_radio_group_links_to_its_first_choice(app):
    from consult.reactions.forms import ReactionForm

    with app.test_request_context("/"):
        form = form_with_every_field_wrong(ReactionForm)
        html = render_template_string(PAGE, form=form)
    assert 'href="#publication-0"' in html and 'id="publication-0"' in html
    assert 'href="#publication"' not in html


def test_no_field_is_invalid_before_anyone_touched_it(app):
    """A radio button with `required` matches CSS :invalid while nothing is chosen, so every group of a
    fresh form showed in the error colour. The server checks; the browser is told nothing it could
    show as an error before the form is sent."""
    problems = []
    with app.test_request_context("/"):
        for form_class in every_form_class():
            html = render_template_string(PAGE, form=blank_form(form_class))
            for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
                if re.search(r"\s(required|aria-invalid)[\s=>]", tag) or "--invalid" in tag:
                    problems.append(f"{form_class.__name__}: {tag}")
    assert not problems, "\n".join(problems[:20])
