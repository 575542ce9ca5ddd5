"""`{% capture as name %}...{% endcapture %}`: a part of a template rendered once, written where it repeats."""

from django import template

register = template.Library()


@register.simple_block_tag
def capture(content: str) -> str:
    """The block's own rendering (escaped as any template output), to store with `as name` and write many times.

    Order Details writes each kind's reason options once and every line that has no reason
    chosen writes them again as they are, instead of looping over the choices per line.
    """
    return content
