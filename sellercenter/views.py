from django.db import DatabaseError, connection
from django.http import JsonResponse


def health(request):
    """Liveness and database check for load balancers (served by `HealthCheckMiddleware`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})
