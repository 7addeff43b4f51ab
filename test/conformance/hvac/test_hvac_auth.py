"""hvac against a tsvault dev server: auth methods (sys/auth), AppRole with a response-wrapped
secret ID, userpass, response wrapping, the leases of login tokens and token roles.

Every test runs twice, on a fresh dev server each time: with hvac's default client and with
`strict_http=True` (LIST sent as GET ?list=true); the default mode sends list calls with the LIST
verb on the wire. Run by test/conformance/hvac/run.sh after
`npm run build`. The error texts asserted are Vault's (builtin/credential/approle/path_login.go,
builtin/credential/userpass/path_login.go, consts.ErrInvalidWrappingToken, vault/expiration.go).
"""
import uuid

import hvac
import pytest
from hvac.exceptions import Forbidden, InvalidRequest

from conftest import DevServer, start_dev_server, stop_dev_server

APP_POLICY = 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n'
KV_PASSWORD = "kv-app-db-password-4e1f0c"
ALICE_PASSWORD = "alice-first-password-93ab"
ALICE_NEW_PASSWORD = "alice-second-password-c27d"


class Vault:
    def __init__(self, server: DevServer, strict_http: bool):
        self.server = server
        self.strict_http = strict_http
        self.root = self.new(server.root_token)

    def new(self, token=None) -> hvac.Client:
        """A client of the server, with no token unless one is given (as an application starts)."""
        return hvac.Client(url=self.server.url, token=token, strict_http=self.strict_http)

    def record(self, *values) -> None:
        self.server.record(*values)


@pytest.fixture(scope="module", params=[False, True], ids=["default", "strict_http"])
def vault(request):
    server = start_dev_server("tsvault-hvac-auth-")
    v = Vault(server, request.param)
    v.record(KV_PASSWORD, ALICE_PASSWORD, ALICE_NEW_PASSWORD)
    yield v
    stop_dev_server(server)


def errors_of(excinfo) -> list:
    return excinfo.value.errors or []


def test_auth_methods_enable_list_tune_disable(vault):
    c = vault.root
    c.sys.enable_auth_method("approle")
    c.sys.enable_auth_method("userpass", description="people who type passwords")
    c.sys.enable_auth_method("userpass", path="staff")
    listed = c.sys.list_auth_methods()
    mounts = listed["data"]
    assert set(mounts) == {"approle/", "userpass/", "staff/", "token/"}
    for path, kind in {"approle/": "approle", "userpass/": "userpass", "staff/": "userpass", "token/": "token"}.items():
        assert mounts[path]["type"] == kind
        assert mounts[path]["accessor"].startswith(f"auth_{kind}_")
        # Vault repeats the table at the top level of the answer, where older hvac code reads it.
        assert listed[path]["accessor"] == mounts[path]["accessor"]
    assert mounts["userpass/"]["description"] == "people who type passwords"
    assert len({m["accessor"] for m in mounts.values()}) == 4

    c.sys.tune_auth_method("staff", default_lease_ttl="1h", max_lease_ttl="2h", description="the staff")
    tuning = c.sys.read_auth_method_tuning("staff")["data"]
    assert tuning["default_lease_ttl"] == 3600
    assert tuning["max_lease_ttl"] == 7200
    assert tuning["description"] == "the staff"
    assert c.sys.list_auth_methods()["data"]["staff/"]["config"]["default_lease_ttl"] == 3600

    # A user of the tuned mount gets the mount's default TTL.
    c.auth.userpass.create_or_update_user("sam", password=ALICE_PASSWORD, mount_point="staff")
    sam = vault.new()
    auth = sam.auth.userpass.login("sam", ALICE_PASSWORD, mount_point="staff")["auth"]
    vault.record(auth["client_token"], auth["accessor"])
    assert auth["lease_duration"] == 3600
    assert sam.auth.token.lookup_self()["data"]["path"] == "auth/staff/login/sam"

    # Disabling the mount removes it and revokes the tokens it issued.
    c.sys.disable_auth_method("staff")
    assert "staff/" not in c.sys.list_auth_methods()["data"]
    with pytest.raises(Forbidden):
        sam.auth.token.lookup_self()

    # Last (tsvault names the route, auth/approle/, where Vault names the mount path).
    with pytest.raises(InvalidRequest) as e:
        c.sys.enable_auth_method("approle")
    assert errors_of(e) == ["path is already in use at approle/"]


def test_approle_with_a_wrapped_secret_id(vault):
    c = vault.root
    c.sys.create_or_update_acl_policy(name="app", policy=APP_POLICY)
    c.secrets.kv.v2.create_or_update_secret(path="app/db", secret={"password": KV_PASSWORD})
    c.secrets.kv.v2.create_or_update_secret(path="other/x", secret={"a": "b"})

    approle = c.auth.approle
    approle.create_or_update_approle(
        "app", token_policies=["app"], token_ttl="1h", token_max_ttl="4h", secret_id_num_uses=3, secret_id_ttl="10m"
    )
    role = approle.read_role("app")["data"]
    assert role["token_policies"] == ["app"]
    assert (role["token_ttl"], role["token_max_ttl"]) == (3600, 14400)
    assert (role["secret_id_num_uses"], role["secret_id_ttl"]) == (3, 600)
    assert role["bind_secret_id"] is True
    role_id = approle.read_role_id("app")["data"]["role_id"]
    vault.record(role_id)
    assert len(role_id) == 36

    wrapped = approle.generate_secret_id("app", wrap_ttl="60s")
    info = wrapped["wrap_info"]
    vault.record(info["token"], info["accessor"])
    assert wrapped["data"] is None
    assert info["ttl"] == 60
    assert info["creation_path"] == "auth/approle/role/app/secret-id"
    assert info["token"].startswith("hvs.")

    # hvac 2.4.0 has no method for sys/wrapping/lookup: its adapter posts it (unauthenticated in Vault).
    props = vault.new().adapter.post("/v1/sys/wrapping/lookup", json={"token": info["token"]})["data"]
    assert props["creation_ttl"] == 60
    assert props["creation_path"] == "auth/approle/role/app/secret-id"

    unwrapped = c.sys.unwrap(token=info["token"])["data"]
    secret_id = unwrapped["secret_id"]
    vault.record(secret_id, unwrapped["secret_id_accessor"])
    assert len(secret_id) == 36
    assert (unwrapped["secret_id_num_uses"], unwrapped["secret_id_ttl"]) == (3, 600)
    with pytest.raises(InvalidRequest) as e:
        c.sys.unwrap(token=info["token"])
    assert errors_of(e) == ["wrapping token is not valid or does not exist"]
    with pytest.raises(InvalidRequest) as e:
        vault.new().adapter.post("/v1/sys/wrapping/lookup", json={"token": info["token"]})
    assert errors_of(e) == ["wrapping token is not valid or does not exist"]

    app = vault.new()
    auth = app.auth.approle.login(role_id=role_id, secret_id=secret_id)["auth"]
    vault.record(auth["client_token"], auth["accessor"])
    assert app.token == auth["client_token"]
    assert auth["token_policies"] == ["app", "default"]
    assert auth["lease_duration"] == 3600
    assert auth["renewable"] is True
    assert auth["orphan"] is True
    assert auth["metadata"] == {"role_name": "app"}
    assert auth["entity_id"] != ""
    secret = app.secrets.kv.v2.read_secret_version(path="app/db", raise_on_deleted_version=True)
    assert secret["data"]["data"] == {"password": KV_PASSWORD}
    with pytest.raises(Forbidden):
        app.secrets.kv.v2.read_secret_version(path="other/x", raise_on_deleted_version=True)

    with pytest.raises(InvalidRequest) as e:
        vault.new().auth.approle.login(role_id=role_id, secret_id=str(uuid.uuid4()))
    assert errors_of(e) == ["invalid role or secret ID"]
    with pytest.raises(InvalidRequest) as e:
        vault.new().auth.approle.login(role_id=str(uuid.uuid4()), secret_id=secret_id)
    assert errors_of(e) == ["invalid role or secret ID"]
    assert c.auth.approle.list_roles()["data"]["keys"] == ["app"]


def test_approle_secret_id_limits(vault):
    approle = vault.root.auth.approle
    approle.create_or_update_approle("once", token_policies=["app"], secret_id_num_uses=1)
    role_id = approle.read_role_id("once")["data"]["role_id"]
    secret_id = approle.generate_secret_id("once")["data"]["secret_id"]
    vault.record(role_id, secret_id)
    token = vault.new().auth.approle.login(role_id=role_id, secret_id=secret_id)["auth"]["client_token"]
    vault.record(token)
    with pytest.raises(InvalidRequest) as e:
        vault.new().auth.approle.login(role_id=role_id, secret_id=secret_id)
    assert errors_of(e) == ["invalid role or secret ID"]

    # The client is 127.0.0.1: outside the role's secret_id_bound_cidrs.
    approle.create_or_update_approle("fenced", token_policies=["app"], secret_id_bound_cidrs=["10.0.0.0/8"])
    role_id = approle.read_role_id("fenced")["data"]["role_id"]
    secret_id = approle.generate_secret_id("fenced")["data"]["secret_id"]
    vault.record(role_id, secret_id)
    with pytest.raises(InvalidRequest) as e:
        vault.new().auth.approle.login(role_id=role_id, secret_id=secret_id)
    assert len(errors_of(e)) == 1
    assert errors_of(e)[0].startswith('source address "127.0.0.1" unauthorized by CIDR restrictions on the role')


def test_userpass(vault):
    c = vault.root
    userpass = c.auth.userpass
    userpass.create_or_update_user("alice", password=ALICE_PASSWORD, token_policies=["app"], token_ttl="30m")
    user = userpass.read_user("alice")["data"]
    assert "password" not in user and "password_hash" not in user
    assert user["token_policies"] == ["app"]
    assert user["token_ttl"] == 1800

    alice = vault.new()
    auth = alice.auth.userpass.login("alice", ALICE_PASSWORD)["auth"]
    vault.record(auth["client_token"], auth["accessor"])
    assert auth["token_policies"] == ["app", "default"]
    assert auth["metadata"] == {"username": "alice"}
    assert auth["lease_duration"] == 1800
    me = alice.auth.token.lookup_self()["data"]
    assert me["display_name"] == "userpass-alice"
    assert me["path"] == "auth/userpass/login/alice"
    assert alice.secrets.kv.v2.read_secret_version(path="app/db", raise_on_deleted_version=True)["data"]["data"] == {
        "password": KV_PASSWORD
    }

    for username, password in [("alice", "not-alices-password"), ("nobody", ALICE_PASSWORD)]:
        with pytest.raises(InvalidRequest) as e:
            vault.new().auth.userpass.login(username, password)
        assert errors_of(e) == ["invalid username or password"]

    userpass.update_password_on_user("alice", ALICE_NEW_PASSWORD)
    with pytest.raises(InvalidRequest):
        vault.new().auth.userpass.login("alice", ALICE_PASSWORD)
    token = vault.new().auth.userpass.login("alice", ALICE_NEW_PASSWORD)["auth"]["client_token"]
    vault.record(token)
    assert c.auth.userpass.list_user()["data"]["keys"] == ["alice"]


def test_wrap_and_unwrap(vault):
    c = vault.root
    api_key = "wrapped-api-key-0b7e55d1"
    vault.record(api_key)
    resp = c.sys.wrap(payload={"api_key": api_key, "n": 7}, ttl=120)
    info = resp["wrap_info"]
    vault.record(info["token"], info["accessor"])
    assert info["ttl"] == 120
    assert info["creation_path"] == "sys/wrapping/wrap"
    # The holder of the wrapping token unwraps with it as its client token.
    assert vault.new(info["token"]).sys.unwrap()["data"] == {"api_key": api_key, "n": 7}
    with pytest.raises(InvalidRequest) as e:
        c.sys.unwrap(token=info["token"])
    assert errors_of(e) == ["wrapping token is not valid or does not exist"]

    # A wrapped token creation: the token stays inside, its accessor is shown.
    created = c.auth.token.create(policies=["app"], ttl="10m", wrap_ttl="30s")
    info = created["wrap_info"]
    vault.record(info["token"], info["accessor"], info["wrapped_accessor"])
    assert created["auth"] is None
    assert info["creation_path"] == "auth/token/create"
    assert info["ttl"] == 30
    inner = c.sys.unwrap(token=info["token"])["auth"]
    vault.record(inner["client_token"])
    assert inner["accessor"] == info["wrapped_accessor"]
    assert inner["policies"] == ["app", "default"]
    assert vault.new(inner["client_token"]).auth.token.lookup_self()["data"]["ttl"] > 500


def test_login_token_leases(vault):
    c = vault.root
    c.sys.enable_auth_method("approle", path="ci")
    approle = c.auth.approle
    approle.create_or_update_approle("builder", token_policies=["app"], token_ttl="1h", mount_point="ci")
    role_id = approle.read_role_id("builder", mount_point="ci")["data"]["role_id"]
    tokens = []
    for _ in range(2):
        secret_id = approle.generate_secret_id("builder", mount_point="ci")["data"]["secret_id"]
        auth = vault.new().auth.approle.login(role_id=role_id, secret_id=secret_id, mount_point="ci")["auth"]
        vault.record(role_id, secret_id, auth["client_token"], auth["accessor"])
        tokens.append(auth["client_token"])

    assert "ci/" in c.sys.list_leases("auth/")["data"]["keys"]
    keys = c.sys.list_leases("auth/ci/login/")["data"]["keys"]
    assert len(keys) == 2 and all(k.startswith("h") for k in keys)
    lease_ids = [f"auth/ci/login/{k}" for k in keys]
    lease = c.sys.read_lease(lease_ids[0])["data"]
    assert lease["id"] == lease_ids[0]
    assert 3500 < lease["ttl"] <= 3600
    assert lease["renewable"] is True
    assert lease["issue_time"] and lease["expire_time"]
    assert lease["last_renewal"] is None

    with pytest.raises(InvalidRequest) as e:
        c.sys.renew_lease(lease_ids[0])
    assert errors_of(e) == ["tokens cannot be renewed through this endpoint"]

    # Listing leases needs sudo; looking one up does not.
    c.sys.create_or_update_acl_policy(
        name="lease-reader",
        policy='path "sys/leases/lookup/*" {\n  capabilities = ["list"]\n}\npath "sys/leases/lookup" {\n  capabilities = ["update"]\n}\n',
    )
    reader_token = c.auth.token.create(policies=["lease-reader"])["auth"]["client_token"]
    vault.record(reader_token)
    reader = vault.new(reader_token)
    with pytest.raises(Forbidden):
        reader.sys.list_leases("auth/ci/login/")
    assert reader.sys.read_lease(lease_ids[1])["data"]["id"] == lease_ids[1]

    # Revoking a lease revokes its token; the other login's token stays until its prefix goes.
    c.sys.revoke_lease(lease_ids[0])
    with pytest.raises(InvalidRequest) as e:
        c.sys.read_lease(lease_ids[0])
    assert errors_of(e) == ["invalid lease"]
    alive = [t for t in tokens if _token_works(vault, t)]
    assert len(alive) == 1
    c.sys.revoke_prefix("auth/ci/")
    assert not any(_token_works(vault, t) for t in tokens)
    with pytest.raises(InvalidRequest):
        c.sys.read_lease(lease_ids[1])


def _token_works(vault: Vault, token: str) -> bool:
    try:
        vault.new(token).auth.token.lookup_self()
        return True
    except Forbidden:
        return False


def test_token_role(vault):
    c = vault.root
    c.auth.token.create_or_update_role("ci", allowed_policies=["app"], orphan=True, token_period="15m")
    role = c.auth.token.read_role("ci")["data"]
    assert role["name"] == "ci"
    assert role["allowed_policies"] == ["app"]
    assert role["orphan"] is True
    assert role["token_period"] == 900

    auth = c.auth.token.create(role_name="ci", policies=["app"])["auth"]
    vault.record(auth["client_token"], auth["accessor"])
    assert auth["policies"] == ["app", "default"]
    assert auth["orphan"] is True
    assert auth["lease_duration"] == 900
    looked = c.auth.token.lookup(auth["client_token"])["data"]
    assert looked["role"] == "ci"
    assert looked["path"] == "auth/token/create/ci"
    assert looked["orphan"] is True

    with pytest.raises(InvalidRequest) as e:
        c.auth.token.create(role_name="ci", policies=["root"])
    assert len(errors_of(e)) == 1
    assert errors_of(e)[0].startswith('token policies (["root"]) must be subset of the role\'s allowed policies (["app" "default"])')
    assert c.auth.token.list_roles()["data"]["keys"] == ["ci"]

    # The role's tokens are leases under auth/token/create/ci/: revoking the prefix revokes them.
    assert len(c.sys.list_leases("auth/token/create/ci/")["data"]["keys"]) == 1
    c.sys.revoke_prefix("auth/token/create/ci/")
    assert not _token_works(vault, auth["client_token"])


def test_token_lookup_shows_the_period(vault):
    """Vault's token lookup has `period` for a token created with one (vault/token_store.go
    handleLookup shows te.Period). A role's token_period makes the token periodic (its TTL is the
    period) but, as in Vault's handleCreateCommon, is not copied into the entry's own period."""
    c = vault.root
    plain = c.auth.token.create(policies=["app"], period="10m")["auth"]
    vault.record(plain["client_token"], plain["accessor"])
    assert c.auth.token.lookup(plain["client_token"])["data"].get("period") == 600
    c.auth.token.create_or_update_role("periodic", allowed_policies=["app"], token_period="15m")
    auth = c.auth.token.create(role_name="periodic")["auth"]
    vault.record(auth["client_token"], auth["accessor"])
    assert auth["lease_duration"] == 900
    looked = c.auth.token.lookup(auth["client_token"])["data"]
    assert looked["creation_ttl"] == 900 and looked["role"] == "periodic"
    assert "period" not in looked
