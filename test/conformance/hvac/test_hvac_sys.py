"""hvac against a tsvault dev server, in both of its modes: the rest of what tsvault serves.

sys/ (init, seal status, health, leader, key status and rotation, mounts and tuning,
capabilities, seal and unseal last), KV v1, KV v2's configuration, patch and metadata, transit's
signing, HMAC, hashing and random bytes, and identity entities. Each mode runs on its own dev
server; list calls go out as LIST on the wire in the default mode. Run by run.sh after
`npm run build`.
"""
import base64
import hashlib

import hvac
import pytest
from hvac.exceptions import InvalidPath, InvalidRequest

from conftest import MODES, start_dev_server, stop_dev_server

KV1_PASSWORD = "kv1-password-5d0a7e31"


@pytest.fixture(scope="module", params=list(MODES))
def server(request):
    dev = start_dev_server("tsvault-hvac-sys-")
    dev.strict_http = MODES[request.param]
    dev.record(KV1_PASSWORD)
    yield dev
    stop_dev_server(dev)


@pytest.fixture(scope="module")
def client(server):
    return hvac.Client(url=server.url, token=server.root_token, strict_http=server.strict_http)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_list_calls(request, server, client):
    """hvac's list calls in this module's mode: LIST on the wire in the default mode."""
    client.sys.enable_secrets_engine(backend_type="kv", path="kv-listed", options={"version": "1"})
    client.secrets.kv.v1.create_or_update_secret(path="a/b", secret={"k": "v"}, mount_point="kv-listed")
    assert client.secrets.kv.v1.list_secrets(path="", mount_point="kv-listed")["data"]["keys"] == ["a/"]
    client.secrets.identity.create_or_update_entity(name="listed")
    assert "listed" in client.secrets.identity.list_entities_by_name()["data"]["keys"]


def test_sys_status(client):
    assert client.sys.is_initialized() is True
    status = client.sys.read_seal_status()
    assert (status["sealed"], status["initialized"], status["t"], status["n"], status["type"]) == (False, True, 1, 1, "shamir")
    health = client.sys.read_health_status(method="GET")
    assert (health["initialized"], health["sealed"], health["standby"]) == (True, False, False)
    assert isinstance(health["server_time_utc"], int)
    leader = client.sys.read_leader_status()
    assert leader["ha_enabled"] is False


def test_key_status_and_rotate(client):
    before = client.sys.get_encryption_key_status()["data"]
    client.sys.rotate_encryption_key()
    after = client.sys.get_encryption_key_status()["data"]
    assert after["term"] == before["term"] + 1
    assert after["install_time"] >= before["install_time"]


def test_mounts_tune_disable(client):
    client.sys.enable_secrets_engine(backend_type="kv", path="team", options={"version": "2"}, description="team secrets")
    mounts = client.sys.list_mounted_secrets_engines()["data"]
    assert mounts["team/"]["type"] == "kv"
    assert mounts["team/"]["options"]["version"] == "2"
    assert mounts["team/"]["description"] == "team secrets"
    assert {"sys/", "cubbyhole/", "identity/", "secret/"} <= set(mounts)
    client.sys.tune_mount_configuration(path="team", default_lease_ttl="30m", max_lease_ttl="1h")
    tuned = client.sys.read_mount_configuration(path="team")["data"]
    assert (tuned["default_lease_ttl"], tuned["max_lease_ttl"]) == (1800, 3600)
    with pytest.raises(InvalidRequest) as e:
        client.sys.enable_secrets_engine(backend_type="kv", path="team")
    assert e.value.errors == ["path is already in use at team/"]
    client.sys.disable_secrets_engine(path="team")
    assert "team/" not in client.sys.list_mounted_secrets_engines()["data"]


def test_capabilities(server, client):
    client.sys.create_or_update_acl_policy(name="reader", policy='path "secret/data/r/*" {\n  capabilities = ["read"]\n}\n')
    token = client.auth.token.create(policies=["reader"])["auth"]["client_token"]
    server.record(token)
    caps = client.sys.get_capabilities(paths=["secret/data/r/x", "secret/data/w"], token=token)
    assert caps["secret/data/r/x"] == ["read"]
    assert caps["secret/data/w"] == ["deny"]
    own = hvac.Client(url=client.url, token=token, strict_http=client.adapter.strict_http).sys.get_capabilities(paths=["secret/data/r/y"])
    assert own["capabilities"] == ["read"]


def test_kv_v1(client):
    client.sys.enable_secrets_engine(backend_type="kv", path="kv", options={"version": "1"})
    kv = client.secrets.kv.v1
    kv.create_or_update_secret(path="db", secret={"password": KV1_PASSWORD, "port": 5432}, mount_point="kv")
    read = kv.read_secret(path="db", mount_point="kv")
    assert read["data"] == {"password": KV1_PASSWORD, "port": 5432}
    assert client.secrets.kv.v1.list_secrets(path="", mount_point="kv")["data"]["keys"] == ["db"]
    kv.delete_secret(path="db", mount_point="kv")
    with pytest.raises(InvalidPath):
        kv.read_secret(path="db", mount_point="kv")


def test_kv_v2_configuration_patch_metadata(client):
    kv = client.secrets.kv.v2
    kv.configure(max_versions=3, cas_required=False)
    config = kv.read_configuration()["data"]
    assert (config["max_versions"], config["cas_required"]) == (3, False)
    kv.create_or_update_secret(path="cfg", secret={"a": "1", "b": "2"})
    kv.patch(path="cfg", secret={"b": "3", "c": "4"})
    assert kv.read_secret_version(path="cfg", raise_on_deleted_version=True)["data"]["data"] == {"a": "1", "b": "3", "c": "4"}
    kv.update_metadata(path="cfg", max_versions=2, custom_metadata={"owner": "hvac"})
    meta = kv.read_secret_metadata(path="cfg")["data"]
    assert (meta["max_versions"], meta["current_version"], meta["custom_metadata"]) == (2, 2, {"owner": "hvac"})
    kv.create_or_update_secret(path="cfg", secret={"a": "5"})
    assert kv.read_secret_metadata(path="cfg")["data"]["current_version"] == 3
    kv.delete_secret_versions(path="cfg", versions=[3])
    assert kv.read_secret_metadata(path="cfg")["data"]["versions"]["3"]["deletion_time"] != ""


def test_transit_sign_hmac_hash_random(client):
    client.sys.enable_secrets_engine(backend_type="transit", path="transit")
    transit = client.secrets.transit
    transit.create_key(name="signer", key_type="ecdsa-p256")
    transit.create_key(name="mac")
    message = b64(b"a message to sign")
    signature = transit.sign_data(name="signer", hash_input=message)["data"]["signature"]
    assert signature.startswith("vault:v1:")
    assert transit.verify_signed_data(name="signer", hash_input=message, signature=signature)["data"]["valid"] is True
    assert transit.verify_signed_data(name="signer", hash_input=b64(b"another"), signature=signature)["data"]["valid"] is False
    mac = transit.generate_hmac(name="mac", hash_input=message)["data"]["hmac"]
    assert mac.startswith("vault:v1:")
    verified = client.adapter.post("/v1/transit/verify/mac", json={"input": message, "hmac": mac})["data"]
    assert verified["valid"] is True
    digest = transit.hash_data(hash_input=message, algorithm="sha2-256", output_format="hex")["data"]["sum"]
    assert digest == hashlib.sha256(b"a message to sign").hexdigest()
    random = transit.generate_random_bytes(n_bytes=24)["data"]["random_bytes"]
    assert len(base64.b64decode(random)) == 24
    transit.update_key_configuration(name="mac", deletion_allowed=True)
    transit.delete_key(name="mac")
    with pytest.raises(InvalidPath):
        transit.read_key(name="mac")


def test_identity_entity(client):
    identity = client.secrets.identity
    created = identity.create_or_update_entity(name="alice", policies=["reader"], metadata={"team": "core"})["data"]
    entity_id = created["id"]
    read = identity.read_entity_by_name(name="alice")["data"]
    assert (read["id"], read["policies"], read["metadata"]) == (entity_id, ["reader"], {"team": "core"})
    assert identity.read_entity(entity_id=entity_id)["data"]["name"] == "alice"
    assert entity_id in client.secrets.identity.list_entities()["data"]["keys"]
    identity.delete_entity(entity_id=entity_id)
    with pytest.raises(InvalidPath):
        identity.read_entity(entity_id=entity_id)


def test_seal_and_unseal_last(server, client):
    """Last in the module: seals the server, then unseals it with the dev banner's key."""
    client.sys.seal()
    assert client.sys.read_seal_status()["sealed"] is True
    with pytest.raises(hvac.exceptions.VaultDown):
        client.secrets.kv.v2.read_secret_version(path="cfg", raise_on_deleted_version=True)
    unsealed = client.sys.submit_unseal_key(key=server.unseal_key)
    assert unsealed["sealed"] is False
    kept = client.secrets.kv.v2.read_secret_version(path="cfg", version=2, raise_on_deleted_version=True)
    assert kept["data"]["data"] == {"a": "1", "b": "3", "c": "4"}
