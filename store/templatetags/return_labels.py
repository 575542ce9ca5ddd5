"""The return label's QR code, drawn inline as SVG (no image files)."""

import segno
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def qr_code(text: str, *, title: str = "") -> SafeString:
    """An inline <svg> QR code of `text` (error correction M, a four-module quiet zone).

    segno escapes the title and draws `text` only as modules, so the markup is safe.
    """
    qr = segno.make_qr(text, error="m")
    return mark_safe(qr.svg_inline(scale=6, border=4, title=title or None, svgclass="qr-code", lineclass=None))  # noqa: S308
