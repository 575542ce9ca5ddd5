from django.http import JsonResponse
from django.utils.translation import gettext as _


def not_found(request, *args, **kwargs):
    """Any other path under /api/: the API's own 404, as JSON."""
    return JsonResponse({"code": "not_found", "detail": _("No such endpoint.")}, status=404)
