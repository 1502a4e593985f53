"""The generic API test base: an endpoint declares what it is, and gets its contract tested.

Each endpoint class sets ``endpoint = Endpoint(...)``: its scope name, URL, model, the named user
who reads it, how to make an object that user sees (and, for scoped resources, one they do not),
and, when the endpoint writes, who creates or edits and with what. ``EndpointContract`` then checks
what every endpoint promises: anonymous → 401, a key without the scope → 403, an object outside the
caller's scope → 404, reading, creating and editing as allowed with the audit record naming the
key's owner, and a list whose query count is the same at page size 1 and 100 (exactly ``queries``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.world import World

PROBLEM = "application/problem+json"


@dataclass
class Endpoint:
    resource: str
    url: str
    model: type
    reader: str
    make: Callable[[World], object]
    queries: int
    make_hidden: Callable[[World], object] | None = None
    creator: str | None = None
    create_data: Callable[[World], dict] | None = None
    updater: str | None = None
    update_data: Callable[[World, object], dict] | None = None
    many: int = 3

    def detail(self, obj) -> str:
        return f"{self.url}{obj.pk}/"


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["type"].startswith("urn:jinzhou:problem:")
    assert body["title"] and body["detail"]
    return body


def last_history_user(model, pk):
    record = model.history.filter(id=pk).order_by("-history_id").first()
    return record.history_user if record else None


class EndpointContract:
    endpoint: Endpoint

    def test_anonymous_is_401(self, world, api):
        obj = self.endpoint.make(world)
        assert_problem(api().get(self.endpoint.url), 401)
        response = api().get(self.endpoint.detail(obj))
        assert_problem(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")

    def test_key_without_the_scope_is_403(self, world, api):
        obj = self.endpoint.make(world)
        other = "departments" if self.endpoint.resource != "departments" else "industries"
        reader = getattr(world, self.endpoint.reader)
        client = api(reader, f"{other}:read,{other}:write")
        body = assert_problem(client.get(self.endpoint.url), 403)
        assert f"{self.endpoint.resource}:read" in body["detail"]
        assert_problem(client.get(self.endpoint.detail(obj)), 403)
        if self.endpoint.create_data:
            reading = api(getattr(world, self.endpoint.creator), f"{self.endpoint.resource}:read")
            body = assert_problem(reading.post(self.endpoint.url, self.endpoint.create_data(world), format="json"), 403)
            assert f"{self.endpoint.resource}:write" in body["detail"]

    def test_outside_scope_is_404_like_a_missing_row(self, world, api):
        client = api(getattr(world, self.endpoint.reader))
        assert_problem(client.get(f"{self.endpoint.url}987654321/"), 404)
        if self.endpoint.make_hidden is None:
            return  # a catalogue: every reader with the scope sees every row
        hidden = self.endpoint.make_hidden(world)
        assert_problem(client.get(self.endpoint.detail(hidden)), 404)
        listed = {row["id"] for row in client.get(self.endpoint.url, {"limit": 100}).json()["results"]}
        assert hidden.pk not in listed

    def test_reader_lists_and_reads(self, world, api):
        obj = self.endpoint.make(world)
        client = api(getattr(world, self.endpoint.reader), f"{self.endpoint.resource}:read")
        response = client.get(self.endpoint.url, {"limit": 100})
        assert response.status_code == 200
        assert obj.pk in {row["id"] for row in response.json()["results"]}
        response = client.get(self.endpoint.detail(obj))
        assert response.status_code == 200
        assert response.json()["id"] == obj.pk

    def test_create_is_audited_as_the_keys_owner(self, world, api):
        if not self.endpoint.create_data:
            assert (
                api(getattr(world, self.endpoint.reader)).post(self.endpoint.url, {}, format="json").status_code == 405
            )
            return
        creator = getattr(world, self.endpoint.creator)
        response = api(creator).post(self.endpoint.url, self.endpoint.create_data(world), format="json")
        assert response.status_code == 201, response.content
        pk = response.json()["id"]
        assert self.endpoint.model.objects.filter(pk=pk).exists()
        assert last_history_user(self.endpoint.model, pk) == creator

    def test_update_is_audited_as_the_keys_owner(self, world, api):
        obj = self.endpoint.make(world)
        if not self.endpoint.update_data:
            client = api(getattr(world, self.endpoint.reader))
            assert client.patch(self.endpoint.detail(obj), {}, format="json").status_code == 405
            return
        updater = getattr(world, self.endpoint.updater)
        data = self.endpoint.update_data(world, obj)
        response = api(updater).patch(self.endpoint.detail(obj), data, format="json")
        assert response.status_code == 200, response.content
        for name, value in data.items():
            assert response.json()[name] == value
        assert last_history_user(self.endpoint.model, obj.pk) == updater

    def test_list_queries_do_not_grow_with_the_page(self, world, api):
        for _index in range(self.endpoint.many):
            self.endpoint.make(world)
        client = api(getattr(world, self.endpoint.reader))
        client.get(self.endpoint.url)  # the key's first use of the minute records last_used_at
        counts = {}
        for size in (1, 100):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(self.endpoint.url, {"limit": size})
            assert response.status_code == 200
            rows = len(response.json()["results"])
            assert rows == 1 if size == 1 else rows >= self.endpoint.many
            counts[size] = len(queries)
        assert counts == {1: self.endpoint.queries, 100: self.endpoint.queries}
