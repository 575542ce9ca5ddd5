"""Omnitron's Outbound emails."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_omnitron_lists_the_emails_the_mailer_could_not_send_with_the_servers_answer(owner_client):
    from returns.choices import EmailKind
    from tests.factories import OutboundEmailFactory

    OutboundEmailFactory(
        kind=EmailKind.REQUEST_RECEIVED,
        attempts=2,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    response = owner_client.get(reverse("admin:returns_outboundemail_changelist"), {"sent_at__isempty": "1"})
    assert response.status_code == 200
    assert "Connection unexpectedly closed" in response.content.decode()
    assert "Request received (customer)" in response.content.decode()
