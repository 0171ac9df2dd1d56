import pytest
from django.contrib import admin


@pytest.mark.django_db
def test_admin_is_for_staff_only(client, role_users):
    assert client.get("/admin/").status_code == 302
    client.force_login(role_users["samordnare"])
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


@pytest.mark.django_db
def test_every_model_of_our_apps_is_in_admin_with_search(admin_client):
    from django.apps import apps

    ours = {"councils", "lagesbild", "measures", "budget", "trygghet"}
    for model in apps.get_models():
        if model._meta.app_label not in ours or model.__name__.startswith("Historical"):
            continue
        model_admin = admin.site._registry.get(model)
        assert model_admin is not None, f"{model._meta.label} is not registered in admin"
        assert model_admin.search_fields, f"{model._meta.label} admin has no search"
        opts = model._meta
        changelist = f"/admin/{opts.app_label}/{opts.model_name}/"
        assert admin_client.get(changelist).status_code == 200
        assert admin_client.get(changelist + "?q=x").status_code == 200
