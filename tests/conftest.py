"""Fixtures shared by every test module: locales, the bilingual site and a real browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Site

from home.models import HomePage
from tests.shared_data import clear_caches
from tests.snapshot_store import folder_for, shared_file

# Playwright's synchronous API runs an event loop in the test thread; Django refuses
# ORM calls from a thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in the site's default language. Django's LocaleMiddleware
    activates a request's language for the thread and never deactivates it, so a test
    client's request to a French page left French active for whichever test the worker
    ran next (the backup tests then read their messages in French)."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker) -> Iterator[None]:
    """pytest-django's test database, recorded as `migrate` left it before any test
    runs: `load_demo` starts its one real demo load from there (tests/shared_data.py).

    pytest-django makes only the databases that the collected tests name (a `django_db`
    mark, or the `db` or `live_server` fixtures). Modules that reach the database only
    through tests/shared_data.py name none: run alone, they would have used, and then
    flushed, the real database of DATABASE_URL (a developer's demo site). Here the
    default test database is made for them too.

    For the session, a transactional test's teardown puts migrate's rows back instead
    of flushing and re-running the post_migrate handlers before the same restore
    (tests/shared_data.py, `restore_instead_of_flush`): 0.8 s less for each of them
    on PostgreSQL."""
    from django.test import TransactionTestCase
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from tests.shared_data import remember_migrated_database, restore_instead_of_flush

    flush = TransactionTestCase._fixture_teardown

    def restore_or_flush(test_case: TransactionTestCase) -> None:
        if not restore_instead_of_flush(test_case):
            flush(test_case)

    made_here = None
    TransactionTestCase._fixture_teardown = restore_or_flush
    with django_db_blocker.unblock():
        aliases, _serialized = _get_databases_for_setup(request.session.items)
        if "default" not in aliases:
            made_here = setup_databases(
                verbosity=0,
                interactive=False,
                aliases={"default"},
                keepdb=request.config.getvalue("reuse_db")
                and not request.config.getvalue("create_db"),
            )
        remember_migrated_database()
    yield
    TransactionTestCase._fixture_teardown = flush
    with django_db_blocker.unblock():
        _end_other_sessions()
        if made_here is not None:
            teardown_databases(made_here, verbosity=0)


def _end_other_sessions() -> None:
    """Closes what is left connected to the test database, so that it can be dropped:
    threads of live servers keep their connections, and PostgreSQL refuses to drop a
    database anyone is connected to (every CI run left its two behind)."""
    from django.db import connections

    connections.close_all()
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        )


@pytest.fixture
def fragments(settings):
    """Fragment cache on, as in production with Redis; the full-page cache stays off."""
    settings.FRAGMENT_CACHE_SECONDS = 600
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


@pytest.fixture
def home_en(locales) -> HomePage:
    """The English home page that the initial migration puts at the site root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def home_fr(home_en: HomePage, locales) -> HomePage:
    # migrate mirrors the English tree into French with aliases: translate the alias.
    home = home_en.get_translation_or_none(locales["fr"])
    if home is None:
        home = home_en.copy_for_translation(locales["fr"])
    home = home.specific
    home.alias_of = None
    home.title = "Alliance européenne des villes et des régions pour l’inclusion des Roms"
    home.slug = "accueil"
    home.introduction = "L’Alliance lutte contre la discrimination des Roms."
    home.save_revision().publish()
    # Publishing saves the revision's copy: re-read the page, or children added to it
    # would be stored under its old address (/home-fr/), which no site serves.
    home.refresh_from_db()
    return home


@pytest.fixture(scope="session")
def three_language_database() -> Path:
    """A SQLite database that `migrate` made with LANGUAGES=en,fr,lt, as an operator
    adding a language would, for the tests that need a third language (each copies it
    before writing to it). A migrate takes about 20 seconds, and every xdist worker of
    both CI passes (PostgreSQL, SQLite) needs the same file: it is made once per set of
    migrations by whichever process asks first (tests/snapshot_store.py)."""
    from tests.cms.test_settings import run_manage

    def migrate(partial: Path) -> None:
        env = {
            "DATABASE_URL": f"sqlite:///{partial}",
            "LANGUAGES": "en,fr,lt",
            # migrate puts the default site there (cms/core/sites.py): the test
            # client's host, as in the suite's own database, whatever the caller's
            # environment says.
            "WAGTAILADMIN_BASE_URL": "http://testserver",
        }
        result = run_manage("migrate", "--no-input", "-v0", **env)
        assert result.returncode == 0, result.stderr[-2000:]

    return shared_file(folder_for("three languages"), "three.db", migrate)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium driven by Playwright; never skipped when CI=true."""
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; browser tests must run under CI.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class BrowserTab:
    """A Playwright page that records console errors and failed requests."""

    def __init__(self, page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("requestfailed", self._on_request_failed)

    def _on_request_failed(self, request) -> None:
        # A request the page itself abandons (a newer autocomplete query superseding an
        # older one, a navigation) is not an error; anything else is.
        if request.failure != "net::ERR_ABORTED":
            self.console_errors.append(f"request failed: {request.url} ({request.failure})")

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def serious_accessibility_violations(self) -> list[str]:
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"{[node['target'] for node in violation['nodes']]}"
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]


def _flushes_the_database(item: pytest.Item) -> bool:
    """pytest-django's own test for a transactional test, which ends with a flush."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After a transactional test's flush, the migrated rows go back.

    `make test` gives each xdist worker whole modules (`--dist loadfile`), so a module
    of plain database tests may run after another module's transactional test on the
    same worker: with the flush alone it met a database without its Site, locales and
    roles (363 errors, `Site.DoesNotExist`). Runs after every fixture's teardown,
    pytest-django's flush included."""
    result = yield
    from tests.shared_data import restored_at_teardown

    # Already done when the test's own teardown restored instead of flushing (as it does
    # on the default database once migrate's rows are recorded: `django_db_setup`).
    if _flushes_the_database(item) and not restored_at_teardown():
        from pytest_django.plugin import blocking_manager_key

        from tests.shared_data import restore_migrated_database

        with item.config.stash[blocking_manager_key].unblock():
            restore_migrated_database()
    return result


def pytest_collection_modifyitems(items: list) -> None:
    """Browser tests are marked for one xdist group, meant to keep two Chromiums and
    two live servers from running at once. pytest-xdist 3.8 does not apply groups under
    pytest 9.2 (it renames `item._nodeid`, which pytest 9 no longer reads: `nodeid`
    comes from `_id`); `make test` distributes by module (`--dist loadfile`), which
    keeps a module's browser tests on one worker.

    Tests that run manage.py on a copy of the three-language SQLite database run the
    same whatever ``DATABASE_URL`` says: they are marked ``database_independent``, which
    CI's SQLite pass leaves to the PostgreSQL pass (.ci/run)."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        if "three_language_database" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database_independent)


@pytest.fixture
def tab(browser) -> Iterator[BrowserTab]:
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(60_000)
    yield BrowserTab(context.new_page())
    context.close()


def user_in(username: str, *group_names: str, superuser: bool = False):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="correct horse battery staple",
        is_staff=superuser,
        is_superuser=superuser,
    )
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def editor(db):
    return user_in("edith-editor", "Editors")


@pytest.fixture
def second_editor(db):
    return user_in("eric-editor", "Editors")


@pytest.fixture
def reviewer(db):
    return user_in("rita-reviewer", "Reviewers")


@pytest.fixture
def second_reviewer(db):
    return user_in("rob-reviewer", "Reviewers")


@pytest.fixture
def translator_fr(db):
    return user_in("thea-translator", "Translators (fr)")


@pytest.fixture
def administrator(db):
    return user_in("ada-admin", superuser=True)
