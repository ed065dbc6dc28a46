"""Every gunicorn worker and every `flask` command imports the app: scikit-learn (with SciPy and NumPy),
needed only by the worker's topics job (NumPy alone comes with openpyxl), made that take 10–14 s in the deployment trial (9.6 s of import)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_starts_without_loading_the_topic_finders_libraries():
    code = ("import sys; from consult import create_app; create_app({'TESTING': True}); "
            "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]", loaded.stderr
