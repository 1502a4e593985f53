"""The compiled Chinese catalogue has no doubled punctuation (。。, ！。, a quotation closed with
”。 then another 。, …): what a clerk reads is one sentence, one full stop."""

import gettext
import re
from pathlib import Path

MO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
DOUBLED = re.compile(r"[。！？，；：、][。！？，；]|。”。|[。！？]\.|\.。")


def test_the_compiled_catalogue_has_no_doubled_punctuation():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    doubled = {
        msgid: text for msgid, text in catalogue._catalog.items() if isinstance(text, str) and DOUBLED.search(text)
    }
    assert not doubled, doubled
