from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .language import remember_on_sign_in
        from .sessions import mark_backoffice_session

        user_logged_in.connect(mark_backoffice_session, dispatch_uid="accounts.mark_backoffice_session")
        user_logged_in.connect(remember_on_sign_in, dispatch_uid="accounts.remember_on_sign_in")
