"""Load scenario (`make load`): partners entering incidents while others read pages.

Each simulated user signs in once (session for pages) and then mixes:
- incident entry through the API (POST /api/v1/incidents/, token auth), the most common;
- the incident list (first page, and filtered to the busy week);
- the weekly lägesbild page.

scripts/load_test.py prepares the database, starts gunicorn and runs this headless; the
configuration comes from the JSON file named by LOAD_CONFIG. Every incident the API
answered 201 for is written to LOAD_CREATED at the end, so the runner can count them
in the database.
"""

import json
import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
CREATED: list[int] = []


@events.quitting.add_listener
def _write_results(environment, **kwargs):
    """The final figures (after in-flight requests finished) and the created ids."""

    def figures(entry):
        return {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": round(entry.total_rps, 1),
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
        }

    stats = {name: figures(entry) for (name, _method), entry in environment.stats.entries.items()}
    stats["Aggregated"] = figures(environment.stats.total)
    with open(os.environ["LOAD_CREATED"], "w", encoding="utf-8") as out:
        json.dump({"created": CREATED, "stats": stats}, out)


class Partner(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self):
        login = self.client.get("/konto/logga-in/", name="login form")
        token = self.client.cookies.get("csrftoken") or re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text
        ).group(1)
        with self.client.post(
            "/konto/logga-in/",
            data={
                "username": CONFIG["username"],
                "password": CONFIG["password"],
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": self.host + "/konto/logga-in/"},
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")

    @task(5)
    def enter_incident(self):
        body = {
            "category": random.choice(CONFIG["categories"]),
            "area": random.choice(CONFIG["areas"]),
            "occurred_on": CONFIG["day"],
            "time_band": random.choice(["natt", "morgon", "dag", "kvall"]),
            "count": random.randint(1, 3),
            "assessment": "Lasttest",
            "external_id": f"load-{uuid.uuid4().hex}",
        }
        with self.client.post(
            "/api/v1/incidents/",
            json=body,
            headers={"Authorization": f"Token {CONFIG['token']}"},
            name="POST /api/v1/incidents/",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                CREATED.append(response.json()["id"])
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(2)
    def incident_list(self):
        self._page("/handelser/", "incident list")

    @task(1)
    def incident_list_of_the_week(self):
        self._page(f"/handelser/?week={CONFIG['week']}", "incident list (week)")

    @task(2)
    def weekly_picture(self):
        self._page(f"/lagesbild/vecka/{CONFIG['week']}/", "weekly lägesbild")

    def _page(self, url, name):
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
