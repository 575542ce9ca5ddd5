"""The curl examples of docs/api.md run against a live server, so the documentation cannot rot."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from returns.models import CancellationRequest
from tests.factories import ApiKeyFactory, OrderFactory, ProductFactory, api_key_of

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"
EXAMPLES = re.findall(r"```sh\n(.*?)```", DOC.read_text(), flags=re.S)


def test_the_documentation_has_examples_of_every_step():
    text = "\n".join(EXAMPLES)
    for path in ("/api/v1/claims/", "/receive/", "/approve/", "/ready_to_ship/", "/ship/", "updated_at__gte"):
        assert path in text, path


@pytest.mark.django_db(transaction=True)
def test_each_curl_example_of_the_documentation_works_on_a_live_server(live_server, seller, make_return):
    # given a return waiting for the seller, a package to ship, and the seller's key
    claim = make_return(seller)
    package = OrderFactory(with_items=[(ProductFactory(seller=seller), 1)]).packages.get()
    env = {
        **os.environ,
        "API": live_server.url,
        "KEY": api_key_of(ApiKeyFactory(user=seller.users.get())),
        "CLAIM": str(claim.pk),
        "PACKAGE": str(package.pk),
    }
    outputs = []
    # when each example runs, in the order of the documentation
    for example in EXAMPLES:
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", example], env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{example}\n{done.stderr}"
        outputs.append(done.stdout.strip())
    # then they did what they say: listed the return, approved it, shipped the package
    assert outputs[1].startswith(f"{claim.pk} {claim.return_shipment.return_code} awaiting_shipment")
    assert outputs[2] in {"approved", "completed"}  # the refund may have run already
    assert outputs[3] == "shipped"
    assert CancellationRequest.objects.get(pk=claim.pk).status in {"approved", "completed"}
