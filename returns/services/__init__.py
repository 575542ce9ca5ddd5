"""Workflow steps of cancellations, returns and refunds (one module per workflow)."""

from .approval import cancellation_plan_confirm, cancellation_request_approve, return_shipment_lost_decide
from .clocks import return_shipment_expire, return_shipment_flag_overdue
from .emails import outbound_emails_send
from .execution import refund_line_process, refund_plan_execute, refund_plan_settle
from .items import order_item_reject_by_seller, order_items_cancel, order_items_return
from .plans import cancellation_plan_create, cancellation_plan_retry
from .requests import (
    RequestLine,
    cancellation_request_create,
    cancellation_request_reject,
    cancellation_request_withdraw,
)
from .shipments import (
    ScanRecorded,
    return_shipment_mark_lost,
    return_shipment_mark_received,
    return_shipment_mark_shipped,
    return_shipment_record_scan,
)
from .sweeper import returns_sweep

__all__ = [
    "RequestLine",
    "ScanRecorded",
    "cancellation_plan_confirm",
    "cancellation_plan_create",
    "cancellation_plan_retry",
    "cancellation_request_approve",
    "cancellation_request_create",
    "cancellation_request_reject",
    "cancellation_request_withdraw",
    "order_item_reject_by_seller",
    "order_items_cancel",
    "order_items_return",
    "outbound_emails_send",
    "refund_line_process",
    "refund_plan_execute",
    "refund_plan_settle",
    "return_shipment_expire",
    "return_shipment_flag_overdue",
    "return_shipment_lost_decide",
    "return_shipment_mark_lost",
    "return_shipment_mark_received",
    "return_shipment_mark_shipped",
    "return_shipment_record_scan",
    "returns_sweep",
]
