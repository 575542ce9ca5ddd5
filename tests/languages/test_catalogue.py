"""The Turkish catalogue: the committed .mo is the compiled .po."""

import subprocess
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "tr" / "LC_MESSAGES"


def test_the_committed_mo_is_the_compiled_po(tmp_path):
    compiled = tmp_path / "django.mo"

    subprocess.run(["msgfmt", "--check-format", "-o", compiled, CATALOGUE / "django.po"], check=True)

    assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes(), "run `make messages` and commit the .mo"
