"""`FastSelect` writes a `<select>` in Python: its HTML must be what Django's `Select` renders."""

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from returns.forms import FastHiddenInput, FastSelect, FastTextInput, OrderItemsActionForm
from returns.models import CancellationReason
from tests.factories import CancellationReasonFactory

TEXT = st.text(alphabet=st.sampled_from("ab<>&\"' ç1"), max_size=6)
OPTIONS = st.lists(st.tuples(TEXT, TEXT), max_size=4)
CHOICES = st.lists(st.one_of(st.tuples(TEXT, TEXT), st.tuples(TEXT, OPTIONS)), max_size=5)


@given(
    choices=CHOICES,
    value=st.one_of(st.none(), TEXT, st.lists(TEXT, max_size=2)),
    attrs=st.dictionaries(st.sampled_from(["class", "data-x", "disabled", "required"]), st.one_of(TEXT, st.booleans())),
)
def test_fast_select_renders_the_html_django_renders(choices, value, attrs):
    fast, djangos = FastSelect(attrs=attrs, choices=choices), forms.Select(attrs=attrs, choices=choices)

    assert fast.render("field", value, {"id": "id_field"}) == djangos.render("field", value, {"id": "id_field"})


@pytest.mark.django_db
def test_omnitron_order_form_lists_the_active_reasons_as_djangos_model_select_would():
    kept = CancellationReasonFactory(subject="Damaged <box>")
    CancellationReasonFactory(subject="Retired", is_active=False)

    class DjangosForm(forms.Form):
        reason = forms.ModelChoiceField(label="Reason", queryset=CancellationReason.objects.active())

    html = str(OrderItemsActionForm({"reason": str(kept.pk)}, order_items=[])["reason"])

    assert f'<option value="{kept.pk}" selected>Damaged &lt;box&gt;</option>' in html
    assert "Retired" not in html
    assert html == str(DjangosForm({"reason": str(kept.pk)})["reason"])


def test_change_list_action_form_renders_what_djangos_action_form_renders():
    from django.contrib.admin.helpers import ActionForm

    from returns.admin.common import FastActionForm

    choices = [("", "---------"), ("confirm_selected", "Confirm selected requests")]
    fast, djangos = FastActionForm(auto_id=None), ActionForm(auto_id=None)
    fast.fields["action"].choices = djangos.fields["action"].choices = choices

    assert [(field.label, str(field)) for field in fast] == [(field.label, str(field)) for field in djangos]


@given(
    value=st.one_of(st.none(), TEXT, st.integers(), st.booleans()),
    attrs=st.dictionaries(
        st.sampled_from(["class", "data-x", "disabled", "maxlength"]), st.one_of(TEXT, st.booleans())
    ),
)
def test_fast_inputs_render_the_html_django_renders(value, attrs):
    for fast, djangos in ((FastHiddenInput, forms.HiddenInput), (FastTextInput, forms.TextInput)):
        assert fast(attrs).render("field", value, {"id": "id_field"}) == djangos(attrs).render(
            "field", value, {"id": "id_field"}
        )


@pytest.mark.django_db
def test_omnitron_order_form_note_renders_what_djangos_text_input_renders():
    class DjangosForm(forms.Form):
        note = forms.CharField(label="Note", required=False, max_length=1000)

    data = {"note": 'a "quoted" <note>'}

    assert str(OrderItemsActionForm(data, order_items=[])["note"]) == str(DjangosForm(data)["note"])
