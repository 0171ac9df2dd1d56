"""Admin of the statistics: categories, crime codes, regions and the imported figures."""

from django.contrib import admin

from ..models import (
    CrimeCategory,
    CrimeCode,
    NtuResult,
    RegionPopulation,
    ReportedCrime,
    StatisticsRegion,
)


@admin.register(CrimeCategory)
class CrimeCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort_order"]
    search_fields = ["code", "name"]


@admin.register(CrimeCode)
class CrimeCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category"]
    list_filter = ["category"]
    search_fields = ["code", "name"]


@admin.register(StatisticsRegion)
class StatisticsRegionAdmin(admin.ModelAdmin):
    list_display = ["kind", "code", "name"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(ReportedCrime)
class ReportedCrimeAdmin(admin.ModelAdmin):
    list_display = ["source", "region", "category", "year", "quarter", "count", "is_demo"]
    list_filter = ["source", "region", "category", "year", "is_demo"]
    list_select_related = ["region", "category"]
    search_fields = ["region__name", "region__code", "category__name"]


@admin.register(RegionPopulation)
class RegionPopulationAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "population", "is_demo"]
    list_filter = ["region", "is_demo"]
    search_fields = ["region__name", "region__code"]


@admin.register(NtuResult)
class NtuResultAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "question", "share_unsafe", "is_demo"]
    list_filter = ["region", "is_demo"]
    search_fields = ["region__name", "question"]
