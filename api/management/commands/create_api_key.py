from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.exceptions import ApiKeyError
from api.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key for a seller's or the owner's staff user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the key is for (default: 'Key of <username>').")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            issued = api_key_create(user=user, name=name or f"Key of {username}")
        except ApiKeyError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"Key {issued.api_key.name!r} for {username}; store it now, it is not shown again:")
        self.stdout.write(issued.key)
