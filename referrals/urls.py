app_name = "referrals"

urlpatterns: list = []

api_urlpatterns: list = []
