"""Decoding and validation of hotline recordings with the real ffmpeg and sox."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile

from channels.phone.audio import Audio, AudioInfo, decode, probe
from normalizer.errors import IntakeError, InvalidInput, TooLarge, UnsupportedMedia
from tests.phone.conftest import Speech

SENTENCE = "아버지 어머니 우리나라 나무 오늘 노래"

FORMATS = [
    # kind, stereo, expected (format, codec, rate)
    pytest.param("mulaw8k", False, ("wav", "pcm_mulaw", 8000), id="wav-mulaw-8k"),
    pytest.param("alaw8k", False, ("wav", "pcm_alaw", 8000), id="wav-alaw-8k"),
    pytest.param("pcm8k", False, ("wav", "pcm_s16le", 8000), id="wav-pcm-8k"),
    pytest.param("pcm16k", False, ("wav", "pcm_s16le", 16000), id="wav-pcm-16k"),
    pytest.param("mulaw8k", True, ("wav", "pcm_mulaw", 8000), id="wav-mulaw-8k-stereo"),
    pytest.param("pcm16k", True, ("wav", "pcm_s16le", 16000), id="wav-pcm-16k-stereo"),
    pytest.param("mp3", False, ("mp3", "mp3", 16000), id="mp3"),
    pytest.param("mp3", True, ("mp3", "mp3", 16000), id="mp3-stereo"),
    pytest.param("amr", False, ("amr", "amr_nb", 8000), id="amr-nb"),
]


@pytest.mark.parametrize(("kind", "stereo", "expected"), FORMATS)
def test_each_format_decodes_to_its_true_duration_and_rate(
    speech: Speech, kind: str, stereo: bool, expected: tuple[str, str, int]
) -> None:
    voice = speech.say(SENTENCE)
    samples = speech.stereo(voice, speech.silence(1.0)) if stereo else voice
    true_duration = len(samples) / speech.rate
    data = speech.encode(samples, kind)

    info = probe(data)
    audio = decode(data, sample_rate=16000)

    fmt, codec, rate = expected
    assert (info.format, info.codec, info.sample_rate) == (fmt, codec, rate)
    assert info.channels == (2 if stereo else 1)
    assert info.duration_s == pytest.approx(true_duration, rel=0.05)
    assert audio.sample_rate == 16000
    assert audio.channels == info.channels
    assert audio.duration_s == pytest.approx(true_duration, rel=0.05)
    assert audio.samples.dtype == np.float32


def test_stereo_channels_come_back_separately(speech: Speech) -> None:
    voice = speech.say(SENTENCE)
    data = speech.encode(speech.stereo(speech.silence(len(voice) / speech.rate), voice), "mulaw8k")

    audio = decode(data, sample_rate=16000)

    left, right = (float(np.sqrt(np.mean(audio.channel(i) ** 2))) for i in (0, 1))
    assert left < 0.001 < 0.02 < right


def test_resampling_keeps_pitch(speech: Speech) -> None:
    """An 8 kHz 1 kHz tone decoded at 16 kHz must still peak at 1 kHz."""
    rate = 8000
    tone = 0.5 * np.sin(2 * np.pi * 1000 * np.arange(rate) / rate)
    buffer = io.BytesIO()
    soundfile.write(buffer, tone, rate, format="WAV", subtype="ULAW")

    audio = decode(buffer.getvalue(), sample_rate=16000)

    spectrum = np.abs(np.fft.rfft(audio.channel(0)))
    peak_hz = np.argmax(spectrum) * 16000 / len(audio.channel(0))
    assert peak_hz == pytest.approx(1000, abs=5)


def test_int16_scales_and_clips() -> None:
    samples = np.array([[0.0, 0.5, -0.5, 1.0, -1.0, 1.7]], dtype=np.float32)
    info = AudioInfo(format="wav", codec="pcm_f32le", sample_rate=8000, channels=1, duration_s=0)
    audio = Audio(samples=samples, sample_rate=8000, info=info)

    assert audio.int16().tolist() == [0, 16384, -16384, 32767, -32768, 32767]


def _zero_sample_wav() -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, np.zeros(0, dtype=np.int16), 8000, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def _truncated(speech: Speech) -> bytes:
    data = speech.encode(speech.say(SENTENCE), "mulaw8k")
    return data[: len(data) * 2 // 3]


BAD_INPUTS = [
    pytest.param(lambda s: b"", InvalidInput, "audio_empty", id="zero-bytes"),
    pytest.param(lambda s: _zero_sample_wav(), InvalidInput, "audio_empty", id="wav-no-samples"),
    pytest.param(
        lambda s: "举报材料.txt 内容".encode() * 50,
        UnsupportedMedia,
        "audio_unreadable",
        id="text",
    ),
    pytest.param(
        lambda s: np.random.default_rng(7).bytes(4000),
        UnsupportedMedia,
        "audio_unreadable",
        id="random-bytes",
    ),
    pytest.param(
        lambda s: b"\x89PNG\r\n\x1a\n" + bytes(200), UnsupportedMedia, "audio_unreadable", id="png"
    ),
    pytest.param(
        lambda s: s.encode(s.say(SENTENCE), "mulaw8k")[:30],
        UnsupportedMedia,
        "audio_unreadable",
        id="header-cut",
    ),
    pytest.param(_truncated, InvalidInput, "audio_truncated", id="truncated-wav"),
    pytest.param(
        lambda s: s.encode(s.silence(6.0), "mulaw8k"), TooLarge, "audio_too_long", id="too-long"
    ),
    pytest.param(
        lambda s: s.encode(s.silence(6.0), "mp3"), TooLarge, "audio_too_long", id="too-long-mp3"
    ),
]


@pytest.mark.parametrize(("make", "error", "code"), BAD_INPUTS)
@pytest.mark.parametrize("entry", ["probe", "decode"])
def test_bad_input_is_refused_with_its_code(
    speech: Speech, make: object, error: type[IntakeError], code: str, entry: str
) -> None:
    data = make(speech)  # type: ignore[operator]
    with pytest.raises(error) as caught:
        if entry == "probe":
            probe(data, max_duration_s=5.0)
        else:
            decode(data, sample_rate=16000, max_duration_s=5.0)
    assert caught.value.code == code
    assert caught.value.message_zh
    assert caught.value.message_en
    assert not caught.value.message_zh.isascii()


def test_within_limit_is_accepted(speech: Speech) -> None:
    data = speech.encode(speech.silence(4.8), "mulaw8k")

    assert probe(data, max_duration_s=5.0).duration_s == pytest.approx(4.8, rel=0.01)
