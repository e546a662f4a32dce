"""The phone channel's entry point into the worker pool: a recording -> a labelled transcript.

The Vosk model is loaded once, on the first call, and shared by every worker thread after
that. Without a configured model ``ready()`` is false: transcription jobs wait, recordings
are already stored, and configuring a model and restarting transcribes them all.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from channels.phone.engine import SpeechEngine, VoskEngine, transcribe_call
from normalizer.errors import InvalidInput
from normalizer.record import ExtractedText, Original, PhoneIntake, RawIntake, TextPart

__all__ = ["PhoneExtractor", "from_settings"]

SPEAKER_LABEL = {"caller": "来电人", "agent": "接听员", "mixed": "通话"}


class PhoneSettings(Protocol):
    vosk_model_path: Path | None
    max_call_seconds: float


class PhoneExtractor:
    def __init__(
        self, model_path: Path | None, *, max_seconds: float, engine: SpeechEngine | None = None
    ) -> None:
        self._model_path = model_path
        self._max_seconds = max_seconds
        self._engine = engine
        self._lock = threading.Lock()

    def ready(self) -> bool:
        if self._engine is not None:
            return True
        return self._model_path is not None and (self._model_path / "am").is_dir()

    @property
    def model_loaded(self) -> bool:
        return self._engine is not None

    def engine(self) -> SpeechEngine:
        with self._lock:
            if self._engine is None:
                assert self._model_path is not None
                self._engine = VoskEngine(self._model_path)
            return self._engine

    def extract(self, raw: RawIntake, originals: Sequence[tuple[Original, bytes]]) -> ExtractedText:
        if not isinstance(raw, PhoneIntake):
            raise InvalidInput("wrong_channel", "不是来电记录。", "Not a phone intake.")
        recordings = [data for meta, data in originals if meta.role == "recording"]
        if not recordings:
            raise InvalidInput("recording_missing", "缺少通话录音。", "No recording stored.")
        call = transcribe_call(
            self.engine(), recordings[0], raw.caller_channel, max_duration_s=self._max_seconds
        )
        # The caller's words come first: they are the complaint; the agent's follow.
        ordered = sorted(call.parts, key=lambda p: p.speaker != "caller")
        parts = [
            TextPart(
                label=SPEAKER_LABEL[p.speaker],
                text=p.transcript.text,
                confidence=p.transcript.confidence,
                engine="vosk",
            )
            for p in ordered
        ]
        return ExtractedText(
            text="\n".join(p.text for p in parts if p.text),
            parts=parts,
            confidence=call.confidence,
            engine="vosk",
            detail={
                "words": {
                    p.speaker: [
                        [w.text, w.start, w.end, round(w.conf, 3)] for w in p.transcript.words
                    ]
                    for p in call.parts
                },
                "duration_s": max((p.transcript.duration_s for p in call.parts), default=0.0),
            },
        )


def from_settings(settings: PhoneSettings) -> PhoneExtractor:
    return PhoneExtractor(settings.vosk_model_path, max_seconds=settings.max_call_seconds)
