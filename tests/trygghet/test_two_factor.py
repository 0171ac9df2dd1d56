"""Optional TOTP for staff: enrol, then login and admin need the code."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def staff(make_user):
    return make_user("samordnare", is_staff=True, is_superuser=True)


def login(client, user, code=""):
    return client.post(
        reverse("login"),
        {"username": user.username, "password": TEST_PASSWORD, "otp_token": code},
    )


@pytest.mark.django_db
def test_staff_without_a_device_log_in_with_password_only(client, staff):
    assert login(client, staff).status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_enrolled_staff_need_the_code_at_login_and_for_admin(client, staff):
    client.force_login(staff)
    page = client.get(reverse("two_factor"))
    assert "<svg" in page.content.decode()  # the QR code to scan
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    client.post(
        reverse("two_factor"), {"token": "000000" if current_code(device) != "000000" else "1"}
    )
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code throttles further tries for a while
    client.post(reverse("two_factor"), {"token": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    without = login(client, staff)
    assert without.status_code == 200
    assert "Ange koden från din autentiseringsapp" in without.content.decode()
    # A password-only session (e.g. an old one) does not open admin.
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    client.logout()
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step again in this test
    device.save()
    assert login(client, staff, current_code(device)).status_code == 302
    assert client.get("/admin/").status_code == 200
