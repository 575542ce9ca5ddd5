import functools

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

SYSTEM_USERNAME = "system"


class User(AbstractUser):
    """A person who signs in: a customer, owner staff, or a seller's staff.

    Owner staff have `is_staff`; seller staff belong to a seller through
    `orders.Seller.users`; everyone else is a customer. The `system` user is the
    actor recorded for automatic transitions (deadlines, auto-confirmation).
    """

    # Chosen with the header's switch (or the language of the first sign-in); their emails use it.
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.display_name(self.first_name, self.last_name, self.username)

    @staticmethod
    def display_name(first_name: str, last_name: str, username: str) -> str:
        """How a person is named on every page: full name, else username (also for rows read
        as values, without a user object)."""
        return f"{first_name} {last_name}".strip() or username


@functools.cache
def system_user() -> User:
    """Return the user recorded as the actor of automatic transitions.

    Read (or created) once per process: the row is never changed nor deleted (its history
    rows protect it), and every automatic step logs it, a refund worker five times a plan.
    A database rolled back under a running process (the tests) clears it with
    `system_user.cache_clear()`."""
    user, _ = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "System", "is_active": False},
    )
    return user
