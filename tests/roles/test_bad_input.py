"""Bad input never answers 500 and changes nothing (SPEC rule 16), on every URL of the matrix.

Each example sends one request to every cell of the matrix as the role, with random path
segments in place of the ids, a random query string (NUL bytes, unicode, huge values,
unknown filters) and random form fields. A fixed number of examples per role keeps the
run short; they are derandomized, so a failure is found again on the next run.
`BAD_INPUT_EXAMPLES=50` runs more of them.
"""

import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .machinery import ROLES, RoleClients, world_build
from .matrix import cells

pytestmark = pytest.mark.django_db

EXAMPLES_PER_ROLE = int(os.environ.get("BAD_INPUT_EXAMPLES", "2"))

NASTY = st.one_of(
    st.sampled_from(["", "\x00", "a\x00b", "abc", "-1", "0", "1.5", "9" * 30, "1e400", "%00", "..", "true", "ğüşİ"]),
    st.integers().map(str),
    st.text(max_size=20),
    st.sampled_from(["x" * 5000, "9" * 400]),
)
# Query keys the lists know (filters, search, ordering, pages, autocomplete) and unknown ones.
KEYS = st.one_of(
    st.sampled_from(
        [
            "q",
            "o",
            "p",
            "e",
            "all",
            "seller",
            "overdue",
            "status__exact",
            "cancellation_type__exact",
            "origin__exact",
            "has_open_request__exact",
            "created_at__gte",
            "created_at__lt",
            "kind__exact",
            "sent_at__isnull",
            "is_active__exact",
            "app_label",
            "model_name",
            "field_name",
            "term",
            "next",
            "_changelist_filters",
            "_popup",
            "_to_field",
            "customer__password__startswith",
        ]
    ),
    st.text(min_size=1, max_size=10),
)


@st.composite
def bad_request(draw, cell):
    """The cell's request with ids replaced, a query string added and form fields changed."""
    segments = cell.path.split("/")
    for index, segment in enumerate(segments):
        if any(c.isdigit() for c in segment) and draw(st.booleans()):
            segments[index] = quote(draw(NASTY), safe="")
    query = draw(st.dictionaries(KEYS, NASTY, max_size=4))
    path = "/".join(segments) + ("?" + "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in query.items()))
    data = dict(cell.data)
    if cell.method == "post":
        for key in list(data):
            if draw(st.booleans()):
                data[key] = draw(st.one_of(NASTY, st.lists(NASTY, max_size=3)))
        data.update(draw(st.dictionaries(KEYS, NASTY, max_size=3)))
    return path, data


@pytest.fixture
def world(db):
    return world_build()


@pytest.mark.parametrize("role", ROLES)
def test_random_input_to_every_url_never_answers_500_nor_changes_what_the_role_may_not(world, role):
    clients = RoleClients({role: world.users[role]})
    matrix = cells(world)

    @settings(
        max_examples=EXAMPLES_PER_ROLE,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # a failure names its requests; shrinking would redo hundreds
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def every_cell_with_bad_input(data):
        wrong = []
        for cell in matrix:
            path, form = data.draw(bad_request(cell))
            response, written = clients.send(role, cell, path=path, data=form)
            if response.status_code >= 500:
                wrong.append(f"{cell.label}: {cell.method.upper()} {path} {form} gave {response.status_code}")
            if written:
                wrong.append(f"{cell.label}: {cell.method.upper()} {path} {form} wrote to {sorted(written)}")
        assert not wrong, "\n".join(wrong)

    every_cell_with_bad_input()
