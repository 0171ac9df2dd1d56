"""The load mix (`make bench`, `make load`): a Monday morning in Trygghet.

Two kinds of users, three police liaisons for every two coordinators:
- a police liaison enters incidents through the API (token auth), the most common
  request, and looks at the incident list, all of it or the busy week;
- a coordinator lands on the start page, reads the weekly lägesbild and the hot spots and
  looks at the incident list;
- both now and then hit the bare view (bench/urls.py), the floor of any page.

Each user signs in once (a session for pages) and waits 0.2–1.0 s between requests,
far less than a person reading a page: the mix is a stress, not a day. The users are
locust's FastHttpUser (geventhttpclient): the load runs on the server's own cores, and
the plain HttpUser (requests) spent several times the CPU per request that the server
then lacked. bench/load.py
prepares the users, starts gunicorn and runs this headless; the configuration comes
from the JSON file named by LOAD_CONFIG. Every incident the API answered 201 for is
written to LOAD_CREATED at the end, so the runner can count them in the database.
"""

import json
import os
import random
import re
import uuid

from locust import FastHttpUser, between, events, task

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
            "p99": entry.get_response_time_percentile(0.99),
        }

    stats = {name: figures(entry) for (name, _method), entry in environment.stats.entries.items()}
    stats["Aggregated"] = figures(environment.stats.total)
    with open(os.environ["LOAD_CREATED"], "w", encoding="utf-8") as out:
        json.dump({"created": CREATED, "stats": stats}, out)


class SignedIn(FastHttpUser):
    abstract = True
    wait_time = between(0.2, 1.0)
    username = ""

    def on_start(self):
        login = self.client.get("/konto/logga-in/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        with self.client.post(
            "/konto/logga-in/",
            data={
                "username": CONFIG[self.username],
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

    def _page(self, url, name):
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")

    @task(1)
    def bare_view(self):
        self._page("/bench/bare/", "bare view")

    @task(1)
    def incident_list(self):
        self._page("/handelser/", "incident list")


class PoliceLiaison(SignedIn):
    weight = 3
    username = "polis"

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

    @task(1)
    def incident_list_of_the_week(self):
        self._page(f"/handelser/?week={CONFIG['week']}", "incident list (week)")


class Coordinator(SignedIn):
    weight = 2
    username = "samordnare"

    @task(2)
    def start_page(self):
        self._page("/", "start page")

    @task(2)
    def weekly_picture(self):
        self._page(f"/lagesbild/vecka/{CONFIG['week']}/", "weekly lägesbild")

    @task(1)
    def hot_spots(self):
        self._page("/lagesbild/heta-punkter/", "hot spots")
