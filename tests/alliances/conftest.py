import pytest

from tests.alliances.support import build_alliance_world


@pytest.fixture
def aw(db):
    return build_alliance_world()


@pytest.fixture(autouse=True)
def _english(settings):
    # These tests read the services' and the seed's messages in English (their msgids), whatever
    # the site's default language.
    settings.LANGUAGE_CODE = "en"
