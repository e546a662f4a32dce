"""The real Vosk engine with the packaged Korean model, on espeak-ng speech."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import msgspec
import pytest

from channels.phone.engine import (
    CallTranscript,
    VoskEngine,
    join_tokens,
    model_sample_rate,
    transcribe_call,
)
from normalizer.errors import InvalidInput, Unavailable
from tests.phone.conftest import WORDS, Speech

GRAMMAR = list(WORDS)
SPOKEN = ["아버지", "어머니", "우리나라", "나무", "노래"]


def _other(word: str) -> str:
    return next(w for w in WORDS if w != word and w not in SPOKEN)


RECORDINGS = [
    pytest.param("mulaw8k", False, id="mulaw-8k"),
    pytest.param("pcm16k", False, id="pcm-16k"),
    pytest.param("alaw8k", False, id="alaw-8k"),
    pytest.param("mulaw8k", True, id="mulaw-8k-stereo"),
    pytest.param("pcm16k", True, id="pcm-16k-stereo"),
]


@pytest.mark.parametrize("word", SPOKEN)
@pytest.mark.parametrize(("kind", "stereo"), RECORDINGS)
def test_grammar_word_is_recognised_as_itself(
    engine: VoskEngine, speech: Speech, word: str, kind: str, stereo: bool
) -> None:
    voice = speech.say(word)
    if stereo:
        # Caller on the right, the agent saying another grammar word on the left.
        samples = speech.stereo(speech.say(_other(word)), voice)
        result = transcribe_call(engine, speech.encode(samples, kind), 1, grammar=GRAMMAR)
        texts = {part.speaker: part.transcript.text for part in result.parts}
        assert texts == {"caller": word, "agent": _other(word)}
    else:
        result = transcribe_call(engine, speech.encode(voice, kind), None, grammar=GRAMMAR)
        assert [(p.speaker, p.transcript.text) for p in result.parts] == [("mixed", word)]
    assert 0.0 < result.confidence <= 1.0


def test_free_recognition_gives_timed_words(engine: VoskEngine, speech: Speech) -> None:
    voice = speech.say("아버지 어머니 우리나라 나무 오늘 노래 영화 마을")
    result = transcribe_call(engine, speech.encode(voice, "pcm16k"), None)

    (part,) = result.parts
    words = part.transcript.words
    assert len(words) >= 3
    assert all(0.0 <= w.start < w.end <= part.transcript.duration_s + 0.05 for w in words)
    assert all(a.start <= b.start and a.end <= b.end for a, b in itertools.pairwise(words))
    assert all(0.0 <= w.conf <= 1.0 for w in words)
    assert part.transcript.text == " ".join(w.text for w in words)
    assert part.transcript.duration_s == pytest.approx(len(voice) / speech.rate, rel=0.05)


@pytest.mark.parametrize("caller_channel", [0, 1])
def test_stereo_channels_are_labelled_by_caller_channel(
    engine: VoskEngine, speech: Speech, caller_channel: int
) -> None:
    caller, agent = speech.say("어머니"), speech.say("영화")
    channels = (caller, agent) if caller_channel == 0 else (agent, caller)
    data = speech.encode(speech.stereo(*channels), "mulaw8k")

    result = transcribe_call(engine, data, caller_channel, grammar=GRAMMAR)

    assert [(p.speaker, p.transcript.text) for p in result.parts] == [
        ("caller" if caller_channel == 0 else "agent", "어머니" if caller_channel == 0 else "영화"),
        ("agent" if caller_channel == 0 else "caller", "영화" if caller_channel == 0 else "어머니"),
    ]


def test_silent_agent_channel_gives_an_empty_part(engine: VoskEngine, speech: Speech) -> None:
    voice = speech.say("노래")
    data = speech.encode(speech.stereo(voice, speech.silence(len(voice) / speech.rate)), "mulaw8k")

    result = transcribe_call(engine, data, 0, grammar=GRAMMAR)

    texts = {p.speaker: p.transcript.text for p in result.parts}
    assert texts == {"caller": "노래", "agent": ""}


def test_mono_recording_is_mixed_whatever_the_caller_channel(
    engine: VoskEngine, speech: Speech
) -> None:
    data = speech.encode(speech.say("나무"), "mulaw8k")

    result = transcribe_call(engine, data, 0, grammar=GRAMMAR)

    assert [(p.speaker, p.transcript.text) for p in result.parts] == [("mixed", "나무")]


def test_caller_channel_outside_the_recording_is_refused(
    engine: VoskEngine, speech: Speech
) -> None:
    data = speech.encode(speech.stereo(speech.say("나무"), speech.say("오늘")), "mulaw8k")

    with pytest.raises(InvalidInput) as caught:
        transcribe_call(engine, data, 2)
    assert caught.value.code == "audio_channel_invalid"


def test_bad_audio_keeps_its_code_through_the_engine(engine: VoskEngine) -> None:
    with pytest.raises(InvalidInput) as caught:
        transcribe_call(engine, b"", None)
    assert caught.value.code == "audio_empty"


def test_grammar_with_unknown_words_is_refused(engine: VoskEngine, speech: Speech) -> None:
    data = speech.encode(speech.say("나무"), "pcm16k")

    with pytest.raises(InvalidInput) as caught:
        transcribe_call(engine, data, None, grammar=["나무", "사랑해요", "[unk]"])
    assert caught.value.code == "grammar_unknown_words"
    assert "사랑해요" in caught.value.message_zh


def test_threads_sharing_the_model_get_the_sequential_results(
    engine: VoskEngine, speech: Speech
) -> None:
    recordings = [speech.encode(speech.say(w), "mulaw8k") for w in SPOKEN]

    def run(data: bytes) -> str:
        return transcribe_call(engine, data, None, grammar=GRAMMAR).parts[0].transcript.text

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(run, recordings * 2)) == SPOKEN * 2


def test_transcript_serialises_to_json(engine: VoskEngine, speech: Speech) -> None:
    data = speech.encode(speech.stereo(speech.say("오늘"), speech.say("마을")), "pcm16k")
    result = transcribe_call(engine, data, 0, grammar=GRAMMAR)

    encoded = msgspec.json.encode(result)

    assert msgspec.json.decode(encoded, type=CallTranscript) == result
    assert "오늘".encode() in encoded
    assert b'"speaker":"caller"' in encoded


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        pytest.param(["举报", "某", "局长", "受贿"], "举报某局长受贿", id="chinese"),
        pytest.param(["어머니", "오늘", "노래"], "어머니 오늘 노래", id="korean"),
        pytest.param(["我", "在", "Beijing", "工作"], "我在 Beijing 工作", id="latin-inside"),
        pytest.param(["二〇二四", "年"], "二〇二四年", id="ideographic-zero"),
        pytest.param(["收", "了", "50", "万"], "收了 50 万", id="digits"),
        pytest.param(["", "局长", ""], "局长", id="empty-tokens"),
        pytest.param([], "", id="nothing"),
    ],
)
def test_join_tokens(tokens: list[str], text: str) -> None:
    assert join_tokens(tokens) == text


def test_model_rate_comes_from_mfcc_conf(tmp_path: Path, model_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "mfcc.conf").write_text("--use-energy=false\n--sample-frequency=8000\n")

    assert model_sample_rate(tmp_path) == 8000
    assert model_sample_rate(tmp_path / "nowhere") == 16000
    assert model_sample_rate(model_path) == 16000


def test_missing_model_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(Unavailable) as caught:
        VoskEngine(tmp_path)
    assert caught.value.code == "asr_model_unavailable"
