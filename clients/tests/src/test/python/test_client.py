"""The availability_client wheel, installed into a virtualenv, against the target the environment
names (AVAILKIT_BASE_URL, AVAILKIT_KEY, AVAILKIT_SECRET; AVAILKIT_MOCK_ADMIN on the mock).
PythonClientIT runs it once against the mock and once against the server."""

import json
import os
import urllib.request

import pytest

from availability_client import (
    AgentsApi,
    ApiClient,
    AvailabilityRequest,
    AvailabilityStatus,
    ChangeSource,
    Configuration,
    RequestedStatus,
)
from availability_client.exceptions import ApiException, BadRequestException, UnauthorizedException

BASE_URL = os.environ["AVAILKIT_BASE_URL"]
KEY = os.environ["AVAILKIT_KEY"]
SECRET = os.environ["AVAILKIT_SECRET"]
MOCK_ADMIN = os.environ.get("AVAILKIT_MOCK_ADMIN", "")


def basic(secret=SECRET):
    return AgentsApi(ApiClient(Configuration(host=BASE_URL, username=KEY, password=secret)))


def token():
    # The token form: the key's value after the "token" prefix.
    config = Configuration(
        host=BASE_URL,
        api_key={"tokenAuth": f"{KEY}:{SECRET}"},
        api_key_prefix={"tokenAuth": "token"},
    )
    return AgentsApi(ApiClient(config))


def put(status, source=None):
    request = AvailabilityRequest(status=status) if source is None else AvailabilityRequest(status=status, source=source)
    answer = basic().update_agent_availability(request)
    assert answer.status == "success"
    return answer.data.availability_status


def test_reads_the_agent_in_both_credential_forms():
    for api in (basic(), token()):
        agent = api.get_current_agent()
        assert agent.status == "success"
        assert agent.data.api_key == KEY
        assert isinstance(agent.data.availability_status, AvailabilityStatus)
        assert agent.data.created_at.year >= 2020


@pytest.mark.parametrize(
    "requested,stored",
    [
        (RequestedStatus.AVAILABLE, AvailabilityStatus.ONLINE),
        (RequestedStatus.BUSY, AvailabilityStatus.BUSY),
        (RequestedStatus.AWAY, AvailabilityStatus.AWAY_MANUAL),
        (RequestedStatus.OFFLINE, AvailabilityStatus.OFFLINE),
        (RequestedStatus.ONLINE, AvailabilityStatus.ONLINE),
        (RequestedStatus.AWAY_MANUAL, AvailabilityStatus.AWAY_MANUAL),
        (RequestedStatus.AWAY_AND_REASSIGNING, AvailabilityStatus.AWAY_AND_REASSIGNING),
    ],
)
def test_every_request_value_from_the_agent(requested, stored):
    put(RequestedStatus.OFFLINE, ChangeSource.USER)
    assert put(requested, ChangeSource.USER) == stored


@pytest.mark.parametrize(
    "requested,stored",
    [
        (RequestedStatus.AVAILABLE, AvailabilityStatus.ONLINE),
        (RequestedStatus.AWAY, AvailabilityStatus.AWAY),
        (RequestedStatus.OFFLINE, AvailabilityStatus.OFFLINE),
        (RequestedStatus.ONLINE, AvailabilityStatus.ONLINE),
    ],
)
def test_every_request_value_from_idle_detection(requested, stored):
    put(RequestedStatus.OFFLINE, ChangeSource.USER)
    assert put(requested, ChangeSource.IDLE) == stored


@pytest.mark.parametrize("manual", [RequestedStatus.BUSY, RequestedStatus.AWAY_MANUAL, RequestedStatus.AWAY_AND_REASSIGNING])
def test_an_idle_change_does_not_overwrite_a_manual_status(manual):
    kept = put(manual)
    assert put(RequestedStatus.AVAILABLE, ChangeSource.IDLE) == kept
    assert put(RequestedStatus.AWAY, ChangeSource.IDLE) == kept
    assert basic().get_current_agent().data.availability_status == kept


def test_a_400_names_the_field_the_envelope_readable_from_the_exception():
    with pytest.raises(BadRequestException) as raised:
        put(RequestedStatus.BUSY, ChangeSource.IDLE)
    assert raised.value.status == 400
    envelope = json.loads(raised.value.body)
    assert envelope["status"] == "error"
    assert envelope["data"]["field"] == "status"
    assert envelope["data"]["allowed_values"] == ["available", "away", "offline", "online"]


def test_a_wrong_secret_is_a_401_the_envelope_readable_from_the_exception():
    with pytest.raises(UnauthorizedException) as raised:
        basic("as_wrong").get_current_agent()
    assert isinstance(raised.value, ApiException)
    assert raised.value.status == 401
    assert json.loads(raised.value.body)["error_type"] == "UnauthorizedException"


@pytest.mark.skipif(
    MOCK_ADMIN == "",
    reason="the server stores only the statuses this spec lists; the mock's admin API sends another",
)
def test_a_status_this_version_does_not_list_reaches_the_caller_as_unknown():
    request = urllib.request.Request(
        f"{MOCK_ADMIN}/agents/{KEY}/availability",
        data=json.dumps({"availability_status": "in_a_meeting", "unlisted": True}).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200
    agent = basic().get_current_agent()
    assert agent.data.availability_status == AvailabilityStatus.UNKNOWN_DEFAULT_OPEN_API
    assert put(RequestedStatus.AVAILABLE) == AvailabilityStatus.ONLINE
