"""Administrator screens for reference data. Case content has no admin screen on purpose."""

from django.contrib import admin

from .models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")
    ordering = ("code",)
    raw_id_fields = ("parent",)
