from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # any method: a POST to an unknown path is a 404 too, not a CSRF page
def not_found(request, *args, **kwargs):
    """Any other path under /api/: the API's own 404, as JSON."""
    return JsonResponse({"code": "not_found", "detail": _("No such endpoint.")}, status=404)
