"""The channel registry: channel name -> its text extractor, imported only when configured.

Adding a channel is one line here (plus its package). Lazy imports keep a gateway that runs
without, say, a speech model from loading Vosk at all.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable

from channels.contract import Extractor
from gateway.settings import Settings

__all__ = ["EXTRACTORS", "build_extractors", "extractor_for"]

# channel -> "module:factory"; the factory takes the settings and returns an Extractor.
EXTRACTORS: dict[str, str] = {
    "letter": "channels.letter_ocr.extractor:from_settings",
    "phone": "channels.phone.extractor:from_settings",
}


def extractor_for(channel: str, settings: Settings) -> Extractor:
    target = EXTRACTORS.get(channel)
    if target is None:
        hint = difflib.get_close_matches(channel, EXTRACTORS, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        raise KeyError(f"no extractor for channel {channel!r}{suggestion}")
    module, _, name = target.partition(":")
    factory: Callable[[Settings], Extractor] = getattr(importlib.import_module(module), name)
    return factory(settings)


def build_extractors(settings: Settings) -> dict[str, Extractor]:
    return {channel: extractor_for(channel, settings) for channel in EXTRACTORS}
