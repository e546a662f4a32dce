"""Speech-to-text for hotline recordings: the ``SpeechEngine`` seam and its Vosk implementation.

The engine sits behind a one-method Protocol so that a stronger Chinese engine (FunASR,
a telephone-band model) can replace Vosk without touching the channel; ``transcribe_call``
works with any engine. ``VoskEngine`` loads its model once and is shared by worker threads:
libvosk releases the GIL while decoding and a ``vosk.Model`` is read-only after loading,
so each recording only needs its own ``KaldiRecognizer``.

Audio is resampled to the model's own rate (``conf/mfcc.conf``) by ``audio.decode`` with
soxr rather than by Kaldi's internal resampler, which the model config merely tolerates.

Refusals (``normalizer.errors``): ``asr_model_unavailable`` (Unavailable),
``grammar_unknown_words`` and ``audio_channel_invalid`` (InvalidInput), and every
``audio_*`` code of ``channels.phone.audio``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import msgspec
import numpy as np
import numpy.typing as npt
import vosk

from channels.phone.audio import decode
from normalizer.errors import InvalidInput, Unavailable

__all__ = [
    "CallPart",
    "CallTranscript",
    "SpeechEngine",
    "Transcript",
    "VoskEngine",
    "Word",
    "join_tokens",
    "model_sample_rate",
    "transcribe_call",
]

Speaker = Literal["caller", "agent", "mixed"]

_DEFAULT_MODEL_RATE = 16000
_CHUNK_SECONDS = 0.5
_SAMPLE_FREQUENCY = re.compile(r"^\s*--sample-frequency\s*=\s*([0-9.]+)")


class Word(msgspec.Struct, frozen=True, kw_only=True):
    """One recognised token; times in seconds from the start of the channel."""

    text: str
    start: float
    end: float
    conf: float


class Transcript(msgspec.Struct, frozen=True, kw_only=True):
    """A draft text with its evidence: staff see the confidence, never just the text."""

    text: str
    words: list[Word]
    confidence: float
    duration_s: float


class CallPart(msgspec.Struct, frozen=True, kw_only=True):
    """A named pair rather than a tuple, so the JSON says which field is which."""

    speaker: Speaker
    transcript: Transcript


class CallTranscript(msgspec.Struct, frozen=True, kw_only=True):
    parts: list[CallPart]
    confidence: float


class SpeechEngine(Protocol):
    """Anything that turns mono PCM at its own ``sample_rate`` into a ``Transcript``."""

    @property
    def sample_rate(self) -> int: ...

    def transcribe(
        self, pcm: npt.NDArray[np.int16], *, grammar: Sequence[str] | None = None
    ) -> Transcript: ...


class VoskEngine:
    """A Vosk model loaded once; ``transcribe`` may be called from many threads at once."""

    def __init__(self, model_path: str | Path) -> None:
        path = Path(model_path)
        vosk.SetLogLevel(-1)
        if not (path / "am").is_dir():
            raise _model_unavailable(path)
        try:
            self._model = vosk.Model(str(path))
        except Exception as exc:  # libvosk reports every load failure as a bare Exception
            raise _model_unavailable(path) from exc
        self._sample_rate = model_sample_rate(path)

    @property
    def sample_rate(self) -> int:
        return self._sample_rate

    def unknown_words(self, phrases: Sequence[str]) -> list[str]:
        """Grammar words the model cannot output; Vosk would silently drop them."""
        words = {w for phrase in phrases for w in phrase.split() if w != "[unk]"}
        return sorted(w for w in words if self._model.vosk_model_find_word(w) < 0)

    def transcribe(
        self, pcm: npt.NDArray[np.int16], *, grammar: Sequence[str] | None = None
    ) -> Transcript:
        """Recognise one mono channel of 16-bit PCM at ``sample_rate``."""
        if grammar is not None:
            unknown = self.unknown_words(grammar)
            if unknown:
                raise InvalidInput(
                    "grammar_unknown_words",
                    f"语法词表中有模型不认识的词：{'、'.join(unknown)}。",
                    f"The grammar contains words the model does not know: {', '.join(unknown)}.",
                    field="grammar",
                )
            grammar_json = json.dumps(list(grammar), ensure_ascii=False)
            recognizer = vosk.KaldiRecognizer(self._model, self._sample_rate, grammar_json)
        else:
            recognizer = vosk.KaldiRecognizer(self._model, self._sample_rate)
        recognizer.SetWords(True)
        data = np.ascontiguousarray(pcm, dtype="<i2").tobytes()
        step = int(self._sample_rate * _CHUNK_SECONDS) * 2
        words: list[Word] = []
        for offset in range(0, len(data), step):
            if recognizer.AcceptWaveform(data[offset : offset + step]):
                words += _words(recognizer.Result())
        words += _words(recognizer.FinalResult())
        return Transcript(
            text=join_tokens([w.text for w in words]),
            words=words,
            confidence=_mean_confidence(words),
            duration_s=round(len(pcm) / self._sample_rate, 3),
        )


def transcribe_call(
    engine: SpeechEngine,
    data: bytes,
    caller_channel: int | None,
    *,
    grammar: Sequence[str] | None = None,
    max_duration_s: float | None = None,
) -> CallTranscript:
    """Decode a recording and transcribe it, one part per speaker.

    With ``caller_channel`` set on a stereo recording, that channel is the caller and the
    other the agent, each recognised alone (cross-talk would otherwise garble both). A mono
    recording, or one whose channel layout is unknown, becomes a single ``mixed`` part.
    """
    audio = decode(data, sample_rate=engine.sample_rate, max_duration_s=max_duration_s)
    if caller_channel is None or audio.channels == 1:
        parts = [
            CallPart(speaker="mixed", transcript=engine.transcribe(audio.int16(), grammar=grammar))
        ]
    elif audio.channels == 2 and caller_channel in (0, 1):
        parts = [
            CallPart(
                speaker="caller" if index == caller_channel else "agent",
                transcript=engine.transcribe(audio.int16(index), grammar=grammar),
            )
            for index in range(2)
        ]
    else:
        raise InvalidInput(
            "audio_channel_invalid",
            f"来电方声道 {caller_channel} 与录音不符：录音有 {audio.channels} 个声道，"
            "来电方声道应为 0 或 1（双声道录音）。",
            f"Caller channel {caller_channel} does not fit a recording with "
            f"{audio.channels} channels; it must be 0 or 1 for a stereo recording.",
            field="caller_channel",
        )
    all_words = [w for part in parts for w in part.transcript.words]
    return CallTranscript(parts=parts, confidence=_mean_confidence(all_words))


def join_tokens(tokens: Sequence[str]) -> str:
    """Join ASR tokens: no space between two CJK ideographs, a space everywhere else.

    Chinese models emit space-separated words ("举报 某 局长") that read wrongly in Chinese,
    while Korean and Latin text needs its spaces between words.
    """
    text = ""
    for token in tokens:
        if not token:
            continue
        if text and not (_is_ideograph(text[-1]) and _is_ideograph(token[0])):
            text += " "
        text += token
    return text


def model_sample_rate(model_path: str | Path) -> int:
    """The rate the model was trained at, from ``conf/mfcc.conf`` (Kaldi's default: 16 kHz)."""
    conf = Path(model_path) / "conf" / "mfcc.conf"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return _DEFAULT_MODEL_RATE
    for line in lines:
        match = _SAMPLE_FREQUENCY.match(line)
        if match:
            return int(float(match.group(1)))
    return _DEFAULT_MODEL_RATE


def _words(result_json: str) -> list[Word]:
    result: dict[str, Any] = json.loads(result_json)
    return [
        Word(
            text=str(item["word"]),
            start=float(item["start"]),
            end=float(item["end"]),
            conf=float(item["conf"]),
        )
        for item in result.get("result", [])
    ]


def _mean_confidence(words: Sequence[Word]) -> float:
    """Duration-weighted, so that a long confident word outweighs a short filler."""
    total = sum(max(w.end - w.start, 1e-3) for w in words)
    if not words:
        return 0.0
    weighted = sum(w.conf * max(w.end - w.start, 1e-3) for w in words)
    return round(weighted / total, 4)


def _is_ideograph(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
        or code == 0x3007  # 〇, as in 二〇二四年
    )


def _model_unavailable(path: Path) -> Unavailable:
    return Unavailable(
        "asr_model_unavailable",
        f"语音识别模型无法加载（{path}），录音已保存，转写将在模型配置好后进行。",
        f"The speech model at {path} could not be loaded; recordings are kept and will be "
        "transcribed once a model is configured.",
    )
