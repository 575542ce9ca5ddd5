"""Reasons are data: each has a Turkish subject, shown to readers of Turkish."""

import pytest
from django.utils import translation

from returns.choices import CancellationType
from returns.demo import REASONS
from tests.factories import CancellationReasonFactory, OrderFactory

pytestmark = pytest.mark.django_db


def test_a_reason_reads_in_the_active_language_and_in_english_without_a_translation():
    translated = CancellationReasonFactory.build(subject="Does not fit", subject_tr="Ürün olmadı")
    untranslated = CancellationReasonFactory.build(subject="Arrived late", subject_tr="")

    with translation.override("tr"):
        assert (str(translated), untranslated.display_subject) == ("Ürün olmadı", "Arrived late")
    with translation.override("en"):
        assert str(translated) == "Does not fit"


def test_order_details_offer_the_reasons_in_turkish_to_a_turkish_reader(customer_client, customer):
    CancellationReasonFactory(
        subject="I changed my mind", subject_tr="Vazgeçtim", cancellation_type=CancellationType.CANCEL
    )
    order = OrderFactory(customer=customer)
    customer_client.post("/i18n/setlang/", {"language": "tr"})

    content = customer_client.get(f"/orders/{order.number}/").content.decode()

    assert ">Vazgeçtim</option>" in content
    assert "I changed my mind" not in content


def test_every_demo_reason_has_a_turkish_subject():
    assert all(subject_tr and subject_tr != subject for _kind, subject, subject_tr, *_rest in REASONS)
