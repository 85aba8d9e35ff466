"""A county federation's working day, for locust: `bench/run_load.py` (make bench-load) runs it.

Three kinds of people, in the proportions of a county (LOAD_FIXTURE names the accounts bench/load_setup.py made):
- members (70%) on their phones: the home page, their union's activities, an activity, signing up for the
  year-end gathering, their profile;
- union chairs and officers (20%) recording: activity lists and details, the roster and a member's record,
  dues overview and arrears, care and the plan, creating an activity and signing members up for one;
- federation staff (10%) on dashboards and exports: the plan dashboard of the county or a town, a union's
  dashboard, dues and care overviews, the org page, the ledger page, the plan and arrears spreadsheets.

Everyone thinks between pages (`wait_time`): 2 to 8 s, 5 s on average: the busy hour of the day. With
3-10 s, 200 people brought only 24.4-24.8 req/s (less than 200 / 6.5 s would suggest; not looked into
further), under the 25 req/s the goal asks the server to sustain.
Each logs in with the production password hasher at the start, and members now and then again later
(a phone left alone for half an hour is logged out). A request fails when it answers an error status, when a
page lands on the login form (session lost), or when a form comes back with errors.

The measurement starts once every user has logged in (the statistics are reset then; the logins of the ramp
are written to LOAD_RAMP_OUT first) and lasts LOAD_MEASURE_SECONDS, after which locust stops itself.
LOAD_MARKER names a file written at that moment, so bench/run_load.py measures CPU over the same window.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from datetime import timedelta
from pathlib import Path

import gevent
from locust import HttpUser, between, task

FIXTURE = json.loads(
    Path(os.environ.get("LOAD_FIXTURE", "bench/out/load_fixture.json")).read_text(encoding="utf-8")
)
THINK = between(float(os.environ.get("LOAD_THINK_MIN", "2")), float(os.environ.get("LOAD_THINK_MAX", "8")))
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')

MEASURE_SECONDS = float(os.environ.get("LOAD_MEASURE_SECONDS", "300"))
_logged_in = 0
_measuring = False


def _start_measuring(environment):
    """All users are in: keep the ramp's figures apart, reset, and stop after the measured window."""
    global _measuring
    _measuring = True
    stats = environment.runner.stats
    ramp = {
        f"{e.method} {e.name}": {
            "count": e.num_requests,
            "failures": e.num_failures,
            "p50": e.get_response_time_percentile(0.5),
            "p95": e.get_response_time_percentile(0.95),
        }
        for e in stats.entries.values()
    }
    if os.environ.get("LOAD_RAMP_OUT"):
        Path(os.environ["LOAD_RAMP_OUT"]).write_text(json.dumps(ramp, ensure_ascii=False, indent=1))
    stats.reset_all()
    if os.environ.get("LOAD_MARKER"):
        Path(os.environ["LOAD_MARKER"]).write_text(str(time.time()))
    gevent.spawn_later(MEASURE_SECONDS, environment.runner.quit)


# Each locust user takes the next account of its kind (accounts are reused only past their count).
_accounts = {kind: itertools.cycle(FIXTURE[kind]) for kind in ("staff", "chairs", "members")}


class County(HttpUser):
    abstract = True
    wait_time = THINK
    kind = ""

    def on_start(self):
        global _logged_in
        account = next(_accounts[self.kind])
        self.username, self.org = account["username"], account["org"]
        self.log_in()
        _logged_in += 1
        if not _measuring and _logged_in >= self.environment.runner.target_user_count:
            _start_measuring(self.environment)

    def log_in(self):
        page = self.client.get("/login/", name="/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        with self.client.post(
            "/login/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": self.username,
                "password": FIXTURE["password"],
            },
            name="/login/ POST",
            catch_response=True,
        ) as response:
            if response.url.endswith("/login/") or "退出" not in response.text:
                response.failure(f"login refused for {self.username}")
        self.csrf = self._token(response.text)

    def _token(self, html):
        found = CSRF.search(html)
        return found.group(1) if found else ""

    def page(self, path, name=None):
        with self.client.get(path, name=name or path, catch_response=True) as response:
            if response.ok and "/login/" in response.url:
                response.failure("logged out")
        return response

    def post(self, path, data, name, expect):
        """A form post: it must redirect to a page whose address contains `expect` (else it showed errors)."""
        data = {"csrfmiddlewaretoken": self.csrf, **data}
        headers = {"X-CSRFToken": self.csrf, "Referer": self.host + path}
        with self.client.post(path, data, name=name, headers=headers, catch_response=True) as response:
            if response.ok and expect not in response.url:
                response.failure(f"form not accepted, landed on {response.url}")
        return response

    def activity(self):
        choices = FIXTURE["open_activities"].get(self.org) or []
        return random.choice(choices) if choices else None


class Member(County):
    weight = 70
    kind = "members"

    @task(4)
    def home(self):
        self.page("/")

    @task(3)
    def activities(self):
        self.page("/activities/", name="/activities/ (list)")

    @task(4)
    def activity(self):
        activity_id = self.activity()
        if activity_id:
            self.page(f"/activities/{activity_id}/", name="/activities/[id]/")

    @task(2)
    def sign_up(self):
        activity_id = self.activity()
        if activity_id:
            # signing up twice is answered with a message, not an error: both land on the activity
            self.post(
                f"/activities/{activity_id}/sign-up/",
                {},
                name="/activities/[id]/sign-up/ POST",
                expect=f"/activities/{activity_id}/",
            )

    @task(1)
    def profile(self):
        self.page("/profile/")

    @task(1)
    def come_back_later(self):
        """Logged out (half an hour away from the phone), then in again."""
        self.post("/logout/", {}, name="/logout/ POST", expect="/login/")
        self.log_in()


class Chair(County):
    weight = 20
    kind = "chairs"

    @task(3)
    def home(self):
        self.page("/")

    @task(3)
    def activity_list(self):
        self.page(f"/activities/org/{self.org}/", name="/activities/org/[union]/")

    @task(2)
    def activity_detail(self):
        activity_id = self.activity()
        if activity_id:
            self.page(f"/activities/{activity_id}/", name="/activities/[id]/")

    @task(1)
    def activity_roster(self):
        activity_id = self.activity()
        if activity_id:
            self.page(f"/activities/{activity_id}/roster/", name="/activities/[id]/roster/")

    @task(3)
    def roster(self):
        self.page("/members/", name="/members/ (roster)")

    @task(2)
    def member(self):
        member_id = random.choice(FIXTURE["member_ids"][self.org])
        self.page(f"/members/{member_id}/", name="/members/[id]/")

    @task(2)
    def dues(self):
        self.page(f"/dues/{self.org}/", name="/dues/[union]/")

    @task(1)
    def arrears(self):
        self.page(f"/dues/{self.org}/arrears/", name="/dues/[union]/arrears/")

    @task(1)
    def care(self):
        self.page(f"/care/{self.org}/", name="/care/[union]/")

    @task(1)
    def plans(self):
        self.page("/plans/", name="/plans/ (dashboard)")

    @task(1)
    def record_activity(self):
        start = (FIXTURE_NOW + timedelta(days=random.randint(3, 40))).replace(hour=9, minute=0)
        self.post(
            f"/activities/org/{self.org}/new/",
            {
                "title": f"工会小组学习会 {random.randint(1, 9999)}",
                "category": random.choice(FIXTURE["categories"]),
                "start": start.strftime("%Y-%m-%dT%H:%M"),
                "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "place": "工会活动室",
                "organiser": "工会委员会",
                "audience": FIXTURE["audience"],
                "description": "学习工会法，交流本月工作。",
            },
            name="/activities/org/[union]/new/ POST",
            expect="/activities/",
        )

    @task(1)
    def sign_up_members(self):
        activity_id = self.activity()
        if activity_id:
            members = random.sample(FIXTURE["member_ids"][self.org], 3)
            self.post(
                f"/activities/{activity_id}/sign-up/members/",
                {"members": members},
                name="/activities/[id]/sign-up/members/ POST",
                expect=f"/activities/{activity_id}/roster/",
            )


class FederationStaff(County):
    weight = 10
    kind = "staff"

    def union(self):
        return random.choice(FIXTURE["unions_of"][self.org])

    @task(2)
    def home(self):
        self.page("/")

    @task(4)
    def plan_dashboard(self):
        self.page("/plans/", name="/plans/ (dashboard)")

    @task(3)
    def org_dashboard(self):
        self.page(f"/plans/org/{self.union()}/", name="/plans/org/[union]/")

    @task(2)
    def dues(self):
        self.page(f"/dues/{self.org}/", name="/dues/[federation]/")

    @task(2)
    def care(self):
        self.page(f"/care/{self.org}/", name="/care/[federation]/")

    @task(1)
    def org_page(self):
        self.page(f"/orgs/{self.org}/", name="/orgs/[federation]/")

    @task(1)
    def activities(self):
        self.page(f"/activities/org/{self.org}/", name="/activities/org/[federation]/")

    @task(1)
    def ledgers(self):
        self.page(f"/reports/{self.union()}/ledgers/", name="/reports/[union]/ledgers/")

    @task(1)
    def plan_export(self):
        self.page(f"/plans/org/{self.org}/export.xlsx", name="/plans/org/[federation]/export.xlsx")

    @task(1)
    def arrears_export(self):
        self.page(f"/dues/{self.union()}/arrears.xlsx", name="/dues/[union]/arrears.xlsx")


def _now():
    from datetime import datetime, timezone

    return datetime.now(timezone(timedelta(hours=8)))


FIXTURE_NOW = _now()
