"""The project's URLs plus two ceilings used only by the benchmark (DJANGO_ROOT_URLCONF=bench.urls)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from sellercenter.urls import urlpatterns as project_urlpatterns


def anonymous_ceiling(request):
    """The least a Django view can do: the framework's own ceiling."""
    return HttpResponse("ok")


@login_required
def login_ceiling(request):
    """The least a logged-in page does: session and user lookup, like every page of ours."""
    return HttpResponse(f"ok {request.user.pk}")


urlpatterns = [
    path("bench/ceiling/anonymous/", anonymous_ceiling),
    path("bench/ceiling/login/", login_ceiling),
    *project_urlpatterns,
]
