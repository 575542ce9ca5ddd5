from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .language import remember_on_sign_in
        from .sessions import mark_backoffice_session

        user_logged_in.connect(mark_backoffice_session, dispatch_uid="accounts.mark_backoffice_session")
        user_logged_in.connect(remember_on_sign_in, dispatch_uid="accounts.remember_on_sign_in")
