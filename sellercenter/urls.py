from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from accounts.language import set_language
from backoffice.omnitron.site import owner_site
from backoffice.seller_center.site import seller_site
from returns.webhooks import carrier_webhook
from store.views import private_no_store

from .views import LoginView, health, home

urlpatterns = [
    path("", private_no_store(home), name="home"),  # where it leads depends on who asks
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "return-policy/",
        private_no_store(  # the header shows who is signed in
            TemplateView.as_view(
                template_name="return_policy.html", extra_context={"RETURN_WINDOW_DAYS": settings.RETURN_WINDOW_DAYS}
            )
        ),
        name="return_policy",
    ),
    path("health/", health, name="health"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("carriers/<slug:carrier>/webhook/", carrier_webhook, name="carrier_webhook"),
    path("orders/", include("store.urls")),
    path("admin/", owner_site.urls),
    path("seller/", seller_site.urls),
    path("api/", include("api.urls")),
]
