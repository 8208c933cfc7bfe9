"""Logins worth having: failed logins slowed down per user name and per address, and logged;
sessions that expire; login cookies kept off plain HTTP behind an HTTPS proxy.

Gradio's login form (POST /login) calls `auth(username, password)` and on success keeps the session
token it sets as a cookie for as the server runs. `LoginGuard` is the callable Gradio is
given. `SessionGuard` is ASGI middleware around Gradio's app: it tells the guard which address a
request comes from (Gradio passes only the user name and password), forgets session tokens older
than the session lifetime, and can drop the cookie Gradio also sets for plain HTTP.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

CLIENT: ContextVar[str] = ContextVar("paragraf_client_address", default="unknown")
TOKEN_COOKIE = b"access-token-"  # Gradio's session cookies: access-token-<id> (Secure) and access-token-unsecure-<id>
PLAIN_HTTP_COOKIE = b"access-token-unsecure-"
MAX_TRACKED = 10_000  # user names and addresses with recent failures kept in memory (an attacker chooses them)


def backoff(failures: int, free: int, base: float, cap: float) -> float:
    """Seconds to wait after `failures` failed logins in a row: none before the `free`-th,
    `base` after it, doubled with each further failure, at most `cap`."""
    if failures < free:
        return 0.0
    return min(cap, base * 2.0 ** (failures - free))


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


@dataclass
class LoginGuard:
    """Checks a login against one user name and password (empty: none) and, when given, the archive's `accounts`
    (index/store/accounts.py `Accounts.verify`); after repeated failures of a user name or from an address,
    refuses every login of that name or from that address, the right password included, until the
    wait is over. Failures and refusals are logged with user name and address, never the password."""

    username: str
    password: str
    free_attempts: int = 5
    lockout_seconds: float = 2.0
    lockout_max_seconds: float = 900.0
    clock: Callable[[], float] = time.monotonic
    accounts: Callable[[str, str], bool] | None = None
    _failures: dict[str, int] = field(default_factory=dict, repr=False)
    _until: dict[str, float] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, username: str, password: str) -> bool:
        address = CLIENT.get()
        keys = (f"user {username}", f"address {address}")
        with self._lock:
            now = self.clock()
            wait = max(self._until.get(key, 0.0) - now for key in keys)
            if wait > 0:
                log.warning("login refused: user %r from %s must wait %.0f s more (too many failures)", username, address, wait)
                return False
            single = bool(self.username) and _same(username, self.username) & _same(password, self.password)
            if single or (self.accounts is not None and self.accounts(username, password)):
                for key in keys:
                    self._failures.pop(key, None)
                    self._until.pop(key, None)
                log.info("login: user %r from %s", username, address)
                return True
            self._forget_old(now)
            for key in keys:
                self._failures[key] = self._failures.get(key, 0) + 1
                self._until[key] = now + backoff(self._failures[key], self.free_attempts, self.lockout_seconds,
                                                 self.lockout_max_seconds)
            log.warning("failed login: user %r from %s (%d in a row for this user, %d from this address)", username,
                        address, self._failures[keys[0]], self._failures[keys[1]])
            return False

    def _forget_old(self, now: float) -> None:
        """Bounded memory: when too many names and addresses are tracked, drop those whose longest
        possible wait has passed."""
        if len(self._failures) < MAX_TRACKED:
            return
        for key in [k for k, until in self._until.items() if until + self.lockout_max_seconds < now]:
            self._failures.pop(key, None)
            self._until.pop(key, None)


# What a browser needs before it has logged in: the page (which shows the login form), its scripts, styles and icons,
# and the login itself. Every other route Gradio mounts (the API and its schema, queue, cancel and reset, upload,
# the user, runs, heartbeats, startup events, monitoring, files) refuses a request without a login.
PUBLIC_PATHS = {"/", "/login", "/login/", "/logout", "/favicon.ico", "/theme.css", "/gradio_api/theme.css",
                "/manifest.json", "/robots.txt", "/pwa_icon"}
PUBLIC_PREFIXES = ("/assets/", "/static/", "/svelte/", "/pwa_icon/")


def logged_in(app, cookies: dict[str, str]) -> bool:
    """Gradio's own login check for any route: no login configured, or the request carries a session cookie the
    app issued at login."""
    return login_name(app, cookies) is not None


def login_name(app, cookies: dict[str, str]) -> str | None:
    """Who a request's session cookie names: '' when no login is configured, the user name when the cookie is one the
    app issued at login, None when there is none."""
    if getattr(app, "auth", None) is None and getattr(app, "auth_dependency", None) is None:
        return ""
    cookie_id = getattr(app, "cookie_id", "")
    token = cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")
    return getattr(app, "tokens", {}).get(token) if token is not None else None


def _cookies(scope) -> dict[str, str]:
    from http.cookies import SimpleCookie

    jar = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no login
                return {}
    return {key: morsel.value for key, morsel in jar.items()}


STARTUP = "/gradio_api/startup-events"  # Gradio's launch calls it once, without a login, to start the app


def public(path: str, app=None) -> bool:
    """Whether a path answers without a login: the login page's own, and Gradio's start-up call until it was made."""
    if path == STARTUP:
        return not getattr(app, "startup_events_triggered", True)
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


class SessionGuard:
    """ASGI middleware around Gradio's app (passed as FastAPI middleware through `launch(app_kwargs=...)`). With a
    login configured, it refuses every request without one (401) except the login page's own (`public`)."""

    def __init__(self, app, session_seconds: float, secure_cookies: bool = False, clock: Callable[[], float] = time.monotonic):
        self.app, self.session_seconds, self.secure_cookies, self.clock = app, session_seconds, secure_cookies, clock
        self.issued: dict[str, float] = {}  # session token -> when the login set it
        self._lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        client = scope.get("client")
        address = CLIENT.set(client[0] if client else "unknown")
        try:
            app = scope.get("app")
            self._expire(getattr(app, "tokens", None))
            path = scope.get("root_path", "") and scope.get("path", "")[len(scope.get("root_path", "")):] or scope.get("path", "")
            if (app is not None and self.dependency_free(app) and not public(path, app)
                    and not logged_in(app, _cookies(scope))):
                return await self._refuse(scope, send)
            await self.app(scope, receive, self._watching(send))
        finally:
            CLIENT.reset(address)

    @staticmethod
    def dependency_free(app) -> bool:
        """Whether the login is the app's own (a user name and password), which this guard can check by cookie."""
        return getattr(app, "auth", None) is not None and getattr(app, "auth_dependency", None) is None

    @staticmethod
    async def _refuse(scope, send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await send({"type": "http.response.start", "status": 401,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"www-authenticate", b"Login")]})
        await send({"type": "http.response.body", "body": b"Not authenticated"})

    def _expire(self, tokens: dict | None) -> None:
        """Forget sessions older than the lifetime; Gradio then treats their cookie as no login."""
        now = self.clock()
        with self._lock:
            old = [token for token, issued in self.issued.items() if now - issued > self.session_seconds]
            for token in old:
                del self.issued[token]
                user = tokens.pop(token, None) if tokens is not None else None
                log.info("session of user %r expired after %.1f h", user, self.session_seconds / 3600)

    def _watching(self, send):
        """Notes each session token a response sets; drops the plain-HTTP cookie when asked to."""

        async def watched(message):
            if message["type"] == "http.response.start":
                headers = []
                for name, value in message.get("headers", []):
                    if name.lower() == b"set-cookie" and value.startswith(TOKEN_COOKIE):
                        if self.secure_cookies and value.startswith(PLAIN_HTTP_COOKIE):
                            continue
                        token = value.split(b";", 1)[0].split(b"=", 1)[-1].decode("latin-1").strip('"')
                        if token:
                            with self._lock:
                                self.issued.setdefault(token, self.clock())
                    headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        return watched
