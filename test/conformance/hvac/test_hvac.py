"""hvac (a client no one here wrote) against a real tsvault dev server: KV v2, transit, tokens, policies.

Every test runs in both of hvac's modes (conftest.MODES), each on its own dev server: list calls
go out as LIST on the wire in the default mode, as GET ?list=true with strict_http=True.
Run by `npm test` through test/conformance/hvac/run.sh; needs `npm run build` first.
"""
import base64

import hvac
import pytest
import requests

from conftest import MODES, start_dev_server, stop_dev_server

# The leak check of test/support/leak-check.ts, for this server: every secret the tests see (tokens,
# plaintexts) must not appear in the server's output; conftest.py adds the banner's unseal key and
# root token and leaves out the two banner rows that print them by design.
SECRETS: list[str] = []


def record_secret(*values: str) -> None:
    SECRETS.extend(v for v in values if len(v) >= 12)


@pytest.fixture(scope="module", params=list(MODES))
def server(request):
    dev = start_dev_server("tsvault-hvac-")
    dev.strict_http = MODES[request.param]
    yield dev
    dev.record(*SECRETS)
    assert len(dev.secrets) > 2
    stop_dev_server(dev)


@pytest.fixture(scope="module")
def client(server):
    c = hvac.Client(url=server.url, token=server.root_token, strict_http=server.strict_http)
    assert c.is_authenticated()
    return c


def test_list_calls(request, server, client):
    """hvac's list calls in this module's mode: LIST on the wire in the default mode."""
    client.secrets.kv.v2.create_or_update_secret(path="listed/a", secret={"k": "v"})
    client.secrets.kv.v2.create_or_update_secret(path="listed/b/c", secret={"k": "v"})
    assert client.secrets.kv.v2.list_secrets(path="listed")["data"]["keys"] == ["a", "b/"]
    assert "default" in client.sys.list_acl_policies()["data"]["keys"]
    client.sys.enable_secrets_engine(backend_type="transit", path="transit-listed")
    client.secrets.transit.create_key(name="listed", mount_point="transit-listed")
    assert client.secrets.transit.list_keys(mount_point="transit-listed")["data"]["keys"] == ["listed"]
    assert client.auth.token.list_accessors()["data"]["keys"]


def test_kv_v2_versions_list_delete(client):
    kv = client.secrets.kv.v2
    record_secret("one-kv-password-value", "two-kv-password-value")
    kv.create_or_update_secret(path="app/db", secret={"password": "one-kv-password-value"})
    kv.create_or_update_secret(path="app/db", secret={"password": "two-kv-password-value"}, cas=1)
    with pytest.raises(hvac.exceptions.InvalidRequest):
        kv.create_or_update_secret(path="app/db", secret={"password": "x"}, cas=1)
    latest = kv.read_secret_version(path="app/db", raise_on_deleted_version=True)
    assert latest["data"]["data"] == {"password": "two-kv-password-value"}
    assert latest["data"]["metadata"]["version"] == 2
    first = kv.read_secret_version(path="app/db", version=1, raise_on_deleted_version=True)
    assert first["data"]["data"] == {"password": "one-kv-password-value"}
    kv.create_or_update_secret(path="app/api", secret={"k": "v"})
    assert client.secrets.kv.v2.list_secrets(path="app")["data"]["keys"] == ["api", "db"]
    meta = kv.read_secret_metadata(path="app/db")
    assert meta["data"]["current_version"] == 2
    assert sorted(meta["data"]["versions"].keys()) == ["1", "2"]
    kv.delete_latest_version_of_secret(path="app/db")
    deleted = kv.read_secret_metadata(path="app/db")["data"]["versions"]["2"]
    assert deleted["deletion_time"] != ""
    kv.undelete_secret_versions(path="app/db", versions=[2])
    assert kv.read_secret_version(path="app/db", raise_on_deleted_version=True)["data"]["data"] == {"password": "two-kv-password-value"}
    kv.destroy_secret_versions(path="app/db", versions=[1])
    assert kv.read_secret_metadata(path="app/db")["data"]["versions"]["1"]["destroyed"] is True
    kv.delete_metadata_and_all_versions(path="app/api")
    with pytest.raises(hvac.exceptions.InvalidPath):
        kv.read_secret_version(path="app/api", raise_on_deleted_version=True)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_transit(client):
    client.sys.enable_secrets_engine(backend_type="transit", path="transit")
    transit = client.secrets.transit
    transit.create_key(name="orders")
    key = transit.read_key(name="orders")["data"]
    assert key["type"] == "aes256-gcm96"
    assert key["latest_version"] == 1
    record_secret(b64(b"card 4111"))
    ct1 = transit.encrypt_data(name="orders", plaintext=b64(b"card 4111"))["data"]["ciphertext"]
    assert ct1.startswith("vault:v1:")
    transit.rotate_key(name="orders")
    assert transit.read_key(name="orders")["data"]["latest_version"] == 2
    assert base64.b64decode(transit.decrypt_data(name="orders", ciphertext=ct1)["data"]["plaintext"]) == b"card 4111"
    ct2 = transit.rewrap_data(name="orders", ciphertext=ct1)["data"]["ciphertext"]
    assert ct2.startswith("vault:v2:")
    assert base64.b64decode(transit.decrypt_data(name="orders", ciphertext=ct2)["data"]["plaintext"]) == b"card 4111"
    dk = transit.generate_data_key(name="orders", key_type="plaintext")["data"]
    record_secret(dk["plaintext"])
    assert len(base64.b64decode(dk["plaintext"])) == 32
    assert transit.decrypt_data(name="orders", ciphertext=dk["ciphertext"])["data"]["plaintext"] == dk["plaintext"]
    transit.update_key_configuration(name="orders", min_decryption_version=2)
    with pytest.raises(hvac.exceptions.InvalidRequest):
        transit.decrypt_data(name="orders", ciphertext=ct1)
    assert "orders" in client.secrets.transit.list_keys()["data"]["keys"]


def test_tokens(client):
    created = client.auth.token.create(policies=["default"], ttl="1h", renewable=True)
    token = created["auth"]["client_token"]
    accessor = created["auth"]["accessor"]
    record_secret(token, accessor)
    assert token.startswith("hvs.")
    assert created["auth"]["lease_duration"] == 3600
    looked = client.auth.token.lookup(token=token)["data"]
    assert looked["accessor"] == accessor
    assert looked["policies"] == ["default"]
    renewed = client.auth.token.renew(token=token, increment="2h")
    assert renewed["auth"]["client_token"] == token
    assert client.auth.token.lookup_accessor(accessor)["data"]["accessor"] == accessor
    client.auth.token.revoke(token=token)
    with pytest.raises(hvac.exceptions.Forbidden):
        client.auth.token.lookup(token=token)
    self_info = client.auth.token.lookup_self()["data"]
    assert self_info["policies"] == ["root"]


def test_policies(client):
    policy = 'path "secret/data/app/*" {\n  capabilities = ["read", "list"]\n}\n'
    client.sys.create_or_update_acl_policy(name="app-read", policy=policy)
    assert client.sys.read_acl_policy(name="app-read")["data"]["policy"] == policy
    assert "app-read" in client.sys.list_acl_policies()["data"]["keys"]
    reader = client.auth.token.create(policies=["app-read"])["auth"]["client_token"]
    record_secret(reader)
    limited = hvac.Client(url=client.url, token=reader, strict_http=client.adapter.strict_http)
    client.secrets.kv.v2.create_or_update_secret(path="app/readable", secret={"a": "b"})
    assert limited.secrets.kv.v2.read_secret_version(path="app/readable", raise_on_deleted_version=True)["data"]["data"] == {"a": "b"}
    with pytest.raises(hvac.exceptions.Forbidden):
        limited.secrets.kv.v2.create_or_update_secret(path="app/readable", secret={"a": "c"})
    with pytest.raises(hvac.exceptions.InvalidRequest):
        client.sys.create_or_update_acl_policy(name="broken", policy='path "x" {\n  capabilities = [\n')
    client.sys.delete_acl_policy(name="app-read")
    assert "app-read" not in client.sys.list_acl_policies()["data"]["keys"]


def test_list_verb_on_the_wire(server, client):
    """hvac's default mode (strict_http=False) sends the LIST verb itself, as curl -X LIST does."""
    client.secrets.kv.v2.create_or_update_secret(path="on-the-wire/one", secret={"k": "v"})
    client.sys.create_or_update_acl_policy(name="listed", policy='path "x" {\n  capabilities = ["list"]\n}\n')
    default = hvac.Client(url=server.url, token=server.root_token)
    assert default.adapter.strict_http is False
    assert default.secrets.kv.v2.list_secrets(path="on-the-wire")["data"]["keys"] == ["one"]
    assert "listed" in default.sys.list_acl_policies()["data"]["keys"]
    raw = requests.request("LIST", f"{server.url}/v1/secret/metadata/on-the-wire", headers={"X-Vault-Token": server.root_token})
    assert raw.status_code == 200, raw.text
    assert raw.json()["data"] == {"keys": ["one"]}
    missing = requests.request("LIST", f"{server.url}/v1/secret/metadata/nothing-here", headers={"X-Vault-Token": server.root_token})
    assert (missing.status_code, missing.json()) == (404, {"errors": []})


def test_audit_devices(client, tmp_path):
    log = tmp_path / "audit.log"
    client.sys.enable_audit_device("file", description="hvac", options={"file_path": str(log)}, path="hvac-file")
    devices = client.sys.list_enabled_audit_devices()
    assert devices["data"]["hvac-file/"]["type"] == "file"
    assert devices["data"]["hvac-file/"]["description"] == "hvac"
    value = "hvac-audited-" + base64.b16encode(b"plaintext").decode()
    record_secret(value)
    client.secrets.kv.v2.create_or_update_secret(path="audited", secret={"v": value})
    hashed = client.sys.calculate_hash(path="hvac-file", input_to_hash=value)
    assert hashed["data"]["hash"].startswith("hmac-sha256:")
    text = log.read_text()
    assert hashed["data"]["hash"] in text
    assert value not in text
    client.sys.disable_audit_device(path="hvac-file")
    assert "hvac-file/" not in client.sys.list_enabled_audit_devices()["data"]

