"""What the published schema says, where the fuzzer against the live server found it wrong or silent."""

import re

import pytest

pytestmark = pytest.mark.django_db
CLAIMS = "/api/v1/claims/"


@pytest.fixture
def schema(client):
    return client.get("/api/schema/?format=json").json()


def test_each_package_move_documents_its_own_summary_and_body(schema):
    ship = schema["paths"]["/api/v1/packages/{id}/ship/"]["post"]
    deliver = schema["paths"]["/api/v1/packages/{id}/deliver/"]["post"]
    assert ship["summary"] == "Ship a package (carrier and tracking number)"
    assert deliver["summary"] == "Mark a package delivered"
    assert ship["requestBody"]["required"] is True
    body = schema["components"]["schemas"]["ShipRequest"]
    assert set(body["required"]) == {"carrier", "tracking_number"}
    assert "requestBody" not in deliver


def test_every_post_documents_the_idempotency_key_header(schema):
    posts = [operation for path in schema["paths"].values() for method, operation in path.items() if method == "post"]
    assert posts
    for operation in posts:
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert headers == ["Idempotency-Key"], operation["operationId"]


def test_lists_link_to_the_calls_that_take_their_ids(schema):
    def links(path, method="get"):
        return schema["paths"][path][method]["responses"]["200"]["links"]

    claims = links(CLAIMS)
    assert claims["v1_claims_approve_create"] == {
        "operationId": "v1_claims_approve_create",
        "parameters": {"id": "$response.body#/results/0/id"},
    }
    assert set(claims) == {"v1_claims_retrieve", *(f"v1_claims_{a}_create" for a in ("approve", "reject", "receive"))}
    assert "v1_packages_ship_create" in links("/api/v1/packages/")
    assert links("/api/v1/packages/{id}/ready_to_ship/", "post")["v1_packages_ship_create"]["parameters"] == {
        "id": "$response.body#/id"
    }
    owner = links("/api/v1/cancellation_requests/")["v1_orders_cancel_create"]
    assert owner["parameters"] == {"number": "$response.body#/results/0/order_number"}
    operation_ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    every_target = {
        target
        for path in schema["paths"].values()
        for op in path.values()
        for target in op["responses"].get("200", {}).get("links", {})
    }
    assert every_target <= operation_ids


def test_the_status_list_filter_publishes_the_pattern_it_enforces(schema, seller_api):
    (parameter,) = [p for p in schema["paths"][CLAIMS]["get"]["parameters"] if p["name"] == "status__in"]
    pattern = parameter["schema"]["pattern"]
    for value, valid in [("waiting", True), ("waiting,approved", True), ("0", False), ("waiting,", False)]:
        assert bool(re.fullmatch(pattern, value)) is valid, value
        assert (seller_api.get(CLAIMS, {"status__in": value}).status_code == 200) is valid, value


@pytest.mark.parametrize(
    ("path", "name"),
    [(CLAIMS, "status"), (CLAIMS, "updated_at__lte"), (CLAIMS, "page"), ("/api/v1/packages/", "status")],
)
def test_an_empty_filter_is_a_400_not_no_filter(seller_api, path, name):
    response = seller_api.get(f"{path}?{name}=")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {name}


def test_an_empty_filter_of_the_owners_plans_is_a_400(manager_api):
    response = manager_api.get("/api/v1/cancellation_plans/?status=")
    assert response.status_code == 400


def test_a_path_with_a_newline_is_the_apis_json_404(seller_api):
    response = seller_api.post("/api/v1/packages/\n/ship/", {}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
