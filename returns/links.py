"""Links to the store's pages that emails carry (absolute, from SITE_URL); their URL names in one place."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

ORDER_DETAIL_URL_NAME = "store:order_detail"  # kwargs: number (the order's)
# The store's printable return label of one return request.
RETURN_LABEL_URL_NAME = "store:return_label"  # kwargs: number (the order's), request_id


def order_detail_url(*, number: str) -> str:
    return _absolute(reverse(ORDER_DETAIL_URL_NAME, kwargs={"number": number}))


def return_label_url(*, number: str, request_id: int) -> str:
    """The return label's page; while the store serves none yet, the order's page (which shows the code)."""
    try:
        return _absolute(reverse(RETURN_LABEL_URL_NAME, kwargs={"number": number, "request_id": request_id}))
    except NoReverseMatch:
        return order_detail_url(number=number)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
