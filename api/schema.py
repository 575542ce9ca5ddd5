"""The schema's OpenAPI links: which answer gives the id the next call needs (SPEC section 8).

A client (or a fuzzer) that lists claims can follow a claim's id to its detail and its
actions, a package's id to its moves, an order's number to Omnitron's Cancel/Return.
drf-spectacular has no decorator for links, so this post-processing hook adds them.
"""

FIRST = "$response.body#/results/0"
CLAIM_ACTIONS = ("v1_claims_approve_create", "v1_claims_reject_create", "v1_claims_receive_create")
PACKAGE_MOVES = (
    "v1_packages_ready_to_ship_create",
    "v1_packages_ship_create",
    "v1_packages_deliver_create",
    "v1_packages_delivery_failed_create",
)

# operationId of the answering operation -> {operationId of the next call: its parameters}.
LINKS = {
    "v1_claims_list": {target: {"id": f"{FIRST}/id"} for target in ("v1_claims_retrieve", *CLAIM_ACTIONS)},
    "v1_claims_retrieve": {target: {"id": "$response.body#/id"} for target in CLAIM_ACTIONS},
    "v1_claims_receive_create": {
        target: {"id": "$response.body#/id"} for target in ("v1_claims_approve_create", "v1_claims_reject_create")
    },
    "v1_packages_list": {
        **{target: {"id": f"{FIRST}/id"} for target in PACKAGE_MOVES},
        "v1_order_items_reject_create": {"id": f"{FIRST}/items/0/id"},
    },
    "v1_packages_ready_to_ship_create": {"v1_packages_ship_create": {"id": "$response.body#/id"}},
    "v1_packages_ship_create": {target: {"id": "$response.body#/id"} for target in PACKAGE_MOVES[2:]},
    "v1_cancellation_requests_list": {"v1_orders_cancel_create": {"number": f"{FIRST}/order_number"}},
}


def add_links(result, generator, request, public):
    """Add `links` to each listed operation's 200 answer."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            targets = LINKS.get(operation.get("operationId"))
            answer = operation.get("responses", {}).get("200")
            if not targets or answer is None:
                continue
            answer["links"] = {
                target: {"operationId": target, "parameters": parameters} for target, parameters in targets.items()
            }
    return result
