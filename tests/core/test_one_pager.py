"""Every paged list uses the one pager macro of templates/_forms.html: no template writes its own
"Vorige pagina · Pagina x van y · Volgende pagina" any more (six copies had drifted apart)."""
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_only_the_pager_macro_writes_previous_and_next_page_links():
    writers = sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")
                     if "_('Next page')" in path.read_text() or "_('Previous page')" in path.read_text())
    assert writers == ["_forms.html"]
