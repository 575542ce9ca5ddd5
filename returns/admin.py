from django.contrib.admin import AdminSite

owner_site = AdminSite(name="admin")
seller_site = AdminSite(name="seller")
