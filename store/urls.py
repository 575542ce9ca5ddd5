from django.urls import path, register_converter

from . import views
from .converters import OrderNumberConverter, RowIdConverter

register_converter(OrderNumberConverter, "order_number")
register_converter(RowIdConverter, "row_id")

app_name = "store"
urlpatterns = [
    path("", views.OrderListView.as_view(), name="order_list"),
    path("<order_number:number>/", views.OrderDetailView.as_view(), name="order_detail"),
    path("<order_number:number>/refund-preview/", views.RefundPreviewView.as_view(), name="refund_preview"),
    path(
        "<order_number:number>/requests/<int:request_id>/withdraw/",
        views.CancellationRequestWithdrawView.as_view(),
        name="request_withdraw",
    ),
    path(
        "<order_number:number>/requests/<row_id:request_id>/shipped/",
        views.ReturnShippedView.as_view(),
        name="return_shipped",
    ),
    path(
        "<order_number:number>/requests/<row_id:request_id>/label/",
        views.ReturnLabelView.as_view(),
        name="return_label",
    ),
]
