"""Decoding of hotline recordings into PCM, with ffmpeg (and sox for AMR-NB) as the decoders.

Recordings arrive as bytes in whatever the hotline system writes: WAV (PCM, G.711 mu-law or
A-law), MP3, AMR-NB, mono or stereo with caller and agent on separate channels. Everything
is piped through a real decoder process, never written to disk, because a recording is
report content and must not leave plaintext copies behind. Python's ``wave``/``audioop`` are
not used: they know only a few WAV subtypes and ``audioop`` is gone in Python 3.13.

AMR-NB goes through sox (libopencore-amrnb) instead of ffmpeg: ffmpeg's built-in decoder
drops the comfort-noise (SID) frames that telephone encoders emit during silences, which
shortens the audio and shifts every later timestamp.

Refusals are ``normalizer.errors`` instances with these codes:

    audio_empty            InvalidInput      zero bytes, or a valid header with no samples
    audio_format_unsupported UnsupportedMedia  more channels or a higher sample rate than
                                             any telephone recording has
    file_too_complex       TooComplex        (``probe``) the decoder went over its memory,
                                             CPU or time limit
    audio_unreadable       UnsupportedMedia  no decodable audio stream (not audio at all)
    audio_truncated        InvalidInput      fewer samples than the container declares
    audio_too_long         TooLarge          longer than the caller's maximum
    audio_decoder_missing  Unavailable       ffmpeg/ffprobe/sox not installed
    audio_decoder_timeout  Unavailable       the decoder did not finish in time

``probe`` (the upload check) runs in a confined child (``channels.sandbox``) with ffprobe and
ffmpeg under it, and counts the decoded frames as they stream out instead of keeping them:
600 s of 96 kHz, 8-channel FLAC (856 KB) once cost 5.8 GB here as float32. Sample rate and
channels are bounded before anything is decoded, and the duration while decoding.
"""

from __future__ import annotations

import contextlib
import json
import math
import subprocess
import threading
from dataclasses import dataclass
from typing import IO, Any

import msgspec
import numpy as np
import numpy.typing as npt

from channels.sandbox import DEFAULT_LIMITS, DecodeLimits
from channels.sandbox import run as run_confined
from normalizer.errors import InvalidInput, TooLarge, Unavailable, UnsupportedMedia

__all__ = [
    "DEFAULT_MAX_CHANNELS",
    "DEFAULT_MAX_SAMPLE_RATE",
    "Audio",
    "AudioFormat",
    "AudioInfo",
    "decode",
    "probe",
]

# A telephone line is 8 kHz, a wideband one 16 kHz; 48 kHz covers any recorder. Caller and
# agent are two channels. More is not a call recording but a way to multiply decoding work.
DEFAULT_MAX_SAMPLE_RATE = 48_000
DEFAULT_MAX_CHANNELS = 2
_READ_CHUNK = 1 << 20

# A recording may be a little shorter than its header says (encoder padding, a last partial
# frame); more than this and the file was cut off.
_TRUNCATION_TOLERANCE_S = 0.1
_TRUNCATION_TOLERANCE_RATIO = 0.02


class AudioInfo(msgspec.Struct, frozen=True, kw_only=True):
    """What a recording is, as measured by decoding it (not just as its header claims)."""

    format: str
    codec: str
    sample_rate: int
    channels: int
    duration_s: float


@dataclass(frozen=True, slots=True)
class AudioFormat:
    """The bounds on what a recording may be before it is decoded."""

    max_sample_rate: int = DEFAULT_MAX_SAMPLE_RATE
    max_channels: int = DEFAULT_MAX_CHANNELS


@dataclass(frozen=True, slots=True)
class Audio:
    """Decoded PCM: ``samples`` has shape (channels, frames), float32 in [-1, 1]."""

    samples: npt.NDArray[np.float32]
    sample_rate: int
    info: AudioInfo

    @property
    def channels(self) -> int:
        return int(self.samples.shape[0])

    @property
    def duration_s(self) -> float:
        return int(self.samples.shape[1]) / self.sample_rate

    def channel(self, index: int) -> npt.NDArray[np.float32]:
        row: npt.NDArray[np.float32] = self.samples[index]
        return row

    def mono(self) -> npt.NDArray[np.float32]:
        """Average of all channels, for recordings whose channels are not separate speakers."""
        mixed: npt.NDArray[np.float32] = self.samples.mean(axis=0).astype(np.float32)
        return mixed

    def int16(self, index: int | None = None) -> npt.NDArray[np.int16]:
        """One channel (or the mono mix) as 16-bit PCM, the format most ASR engines take."""
        source = self.mono() if index is None else self.channel(index)
        scaled = np.clip(np.rint(source * 32768.0), -32768, 32767)
        return np.asarray(scaled, dtype=np.int16)


def probe(
    data: bytes,
    *,
    max_duration_s: float | None = None,
    fmt: AudioFormat = AudioFormat(),
    limits: DecodeLimits | None = DEFAULT_LIMITS,
    ffmpeg: str = "ffmpeg",
    ffprobe: str = "ffprobe",
    sox: str = "sox",
    timeout_s: float = 300.0,
) -> AudioInfo:
    """Validate an upload by decoding it once at its own rate; raise if it is not usable.

    A full decode (not only a header read) is what catches truncated and corrupt files
    before the gateway acknowledges them. The samples are counted and dropped as they
    stream out of the decoder, so memory stays constant whatever the length; with
    ``limits`` (the default) the whole check runs in a confined child.
    """
    if not data:
        raise _empty()
    if limits is None:
        return _probe(data, max_duration_s, fmt, ffmpeg, ffprobe, sox, timeout_s)
    return run_confined(_probe, limits, data, max_duration_s, fmt, ffmpeg, ffprobe, sox, timeout_s)


def _probe(
    data: bytes,
    max_duration_s: float | None,
    fmt: AudioFormat,
    ffmpeg: str,
    ffprobe: str,
    sox: str,
    timeout_s: float,
) -> AudioInfo:
    header = _probe_header(data, ffprobe, timeout_s)
    _check_format(header, fmt)
    declared = header.duration_s
    if max_duration_s is not None and declared is not None and declared > max_duration_s:
        raise _too_long(declared, max_duration_s)
    limit = None if max_duration_s is None else max_duration_s + 1.0
    if header.codec == "amr_nb":
        command, width = _sox_amr_command(header.sample_rate, limit, sox), 4
    else:
        command = _ffmpeg_command(header.sample_rate, header.channels, limit, ffmpeg)
        width = 4 * header.channels
    frames = _count_output(command, data, timeout_s) // width
    if frames == 0:
        raise _empty()
    duration = frames / header.sample_rate
    _check_duration(duration, declared, max_duration_s)
    return AudioInfo(
        format=header.format,
        codec=header.codec,
        sample_rate=header.sample_rate,
        channels=header.channels,
        duration_s=round(duration, 3),
    )


def _check_format(header: _Header, fmt: AudioFormat) -> None:
    if header.sample_rate > fmt.max_sample_rate or header.channels > fmt.max_channels:
        raise UnsupportedMedia(
            "audio_format_unsupported",
            f"录音格式不符合要求：{header.channels} 个声道、采样率 {header.sample_rate} Hz；"
            f"最多 {fmt.max_channels} 个声道、采样率不超过 {fmt.max_sample_rate} Hz。",
            f"The recording has {header.channels} channels at {header.sample_rate} Hz; at most "
            f"{fmt.max_channels} channels and {fmt.max_sample_rate} Hz are accepted.",
        )


def _check_duration(duration: float, declared: float | None, max_duration_s: float | None) -> None:
    if max_duration_s is not None and duration > max_duration_s:
        raise _too_long(duration, max_duration_s)
    if declared is not None and _is_truncated(duration, declared):
        raise InvalidInput(
            "audio_truncated",
            f"录音文件不完整：文件头声明 {declared:.1f} 秒，实际只能解码 {duration:.1f} 秒，"
            "请重新上传完整录音。",
            f"The recording is truncated: its header declares {declared:.1f} s but only "
            f"{duration:.1f} s could be decoded; upload the complete file again.",
        )


def decode(
    data: bytes,
    *,
    sample_rate: int | None = None,
    max_duration_s: float | None = None,
    ffmpeg: str = "ffmpeg",
    ffprobe: str = "ffprobe",
    sox: str = "sox",
    timeout_s: float = 300.0,
    fmt: AudioFormat = AudioFormat(),
) -> Audio:
    """Decode every channel separately, resampled (soxr) to ``sample_rate`` if given."""
    if not data:
        raise _empty()
    header = _probe_header(data, ffprobe, timeout_s)
    _check_format(header, fmt)
    declared = header.duration_s
    if max_duration_s is not None and declared is not None and declared > max_duration_s:
        raise _too_long(declared, max_duration_s)
    rate = sample_rate or header.sample_rate
    # Stop decoding just past the limit, so a header that lies cannot make us fill memory.
    limit = None if max_duration_s is None else max_duration_s + 1.0
    if header.codec == "amr_nb":
        raw = _run_sox_amr(data, rate, limit, sox, timeout_s)
    else:
        raw = _run_ffmpeg(data, rate, header.channels, limit, ffmpeg, timeout_s)
    frames = len(raw) // (4 * header.channels)
    if frames == 0:
        raise _empty()
    interleaved = np.frombuffer(raw[: frames * 4 * header.channels], dtype="<f4")
    samples = np.ascontiguousarray(interleaved.reshape(frames, header.channels).T, np.float32)
    duration = frames / rate
    _check_duration(duration, declared, max_duration_s)
    info = AudioInfo(
        format=header.format,
        codec=header.codec,
        sample_rate=header.sample_rate,
        channels=header.channels,
        duration_s=round(duration, 3),
    )
    return Audio(samples=samples, sample_rate=rate, info=info)


@dataclass(frozen=True, slots=True)
class _Header:
    format: str
    codec: str
    sample_rate: int
    channels: int
    duration_s: float | None


def _probe_header(data: bytes, ffprobe: str, timeout_s: float) -> _Header:
    command = [
        ffprobe,
        "-v",
        "error",
        "-show_entries",
        "format=format_name,duration:stream=codec_type,codec_name,sample_rate,channels,duration",
        "-of",
        "json",
        "pipe:0",
    ]
    result = _run(command, data, timeout_s)
    try:
        parsed: dict[str, Any] = json.loads(result.stdout or b"{}")
    except json.JSONDecodeError:
        parsed = {}
    streams = [s for s in parsed.get("streams", []) if s.get("codec_type") == "audio"]
    if result.returncode != 0 or not streams:
        raise _unreadable()
    stream = streams[0]
    fmt = parsed.get("format", {})
    try:
        sample_rate = int(stream["sample_rate"])
        channels = int(stream["channels"])
    except (KeyError, ValueError) as exc:
        raise _unreadable() from exc
    if sample_rate <= 0 or channels <= 0:
        raise _unreadable()
    return _Header(
        format=str(fmt.get("format_name", "unknown")),
        codec=str(stream.get("codec_name", "unknown")),
        sample_rate=sample_rate,
        channels=channels,
        duration_s=_wav_declared_seconds(data)
        or _as_seconds(stream.get("duration"))
        or _as_seconds(fmt.get("duration")),
    )


def _wav_declared_seconds(data: bytes) -> float | None:
    """The length a WAV header declares (data chunk size / byte rate).

    Read from the RIFF chunks ourselves: for plain PCM, ffprobe estimates the duration from
    the bytes it was given, so a file cut in half would look complete.
    """
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    pos, byte_rate = 12, 0
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        if chunk == b"fmt " and pos + 16 <= len(data):
            byte_rate = int.from_bytes(data[pos + 16 : pos + 20], "little")
        elif chunk == b"data":
            if byte_rate <= 0 or size in (0, 0xFFFFFFFF):
                return None  # streaming writers leave the size open
            return size / byte_rate
        pos += 8 + size + (size & 1)
    return None


def _ffmpeg_command(rate: int, channels: int, limit: float | None, ffmpeg: str) -> list[str]:
    command = [ffmpeg, "-nostdin", "-v", "error", "-i", "pipe:0", "-map", "0:a:0"]
    if limit is not None:
        command += ["-t", f"{limit:.3f}"]
    # Fixing -ac to the probed count keeps ffmpeg from remixing exotic layouts.
    command += ["-ac", str(channels), "-af", f"aresample={rate}:resampler=soxr"]
    command += ["-f", "f32le", "-acodec", "pcm_f32le", "pipe:1"]
    return command


def _sox_amr_command(rate: int, limit: float | None, sox: str) -> list[str]:
    command = [sox, "-V1", "-t", "amr-nb", "-", "-t", "raw", "-e", "floating-point", "-b", "32"]
    command += ["-L", "-c", "1", "-"]
    if limit is not None:
        command += ["trim", "0", f"{limit:.3f}"]
    command += ["rate", "-v", str(rate)]
    return command


def _run_ffmpeg(
    data: bytes, rate: int, channels: int, limit: float | None, ffmpeg: str, timeout_s: float
) -> bytes:
    result = _run(_ffmpeg_command(rate, channels, limit, ffmpeg), data, timeout_s)
    if result.returncode != 0 and not result.stdout:
        raise _unreadable()
    return result.stdout


def _run_sox_amr(data: bytes, rate: int, limit: float | None, sox: str, timeout_s: float) -> bytes:
    result = _run(_sox_amr_command(rate, limit, sox), data, timeout_s)
    if result.returncode != 0 and not result.stdout:
        raise _unreadable()
    return result.stdout


def _count_output(command: list[str], data: bytes, timeout_s: float) -> int:
    """Bytes the decoder writes, read and dropped in chunks: memory stays at one chunk."""
    try:
        proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except FileNotFoundError as exc:
        raise _missing(command[0]) from exc
    assert proc.stdin is not None and proc.stdout is not None
    feeder = threading.Thread(target=_feed, args=(proc.stdin, data), daemon=True)
    feeder.start()
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        proc.kill()

    timer = threading.Timer(timeout_s, expire)
    timer.start()
    total = 0
    try:
        while chunk := proc.stdout.read(_READ_CHUNK):
            total += len(chunk)
        code = proc.wait()
    finally:
        timer.cancel()
        proc.kill()
        proc.stdout.close()
        feeder.join()
    if expired.is_set():
        raise _timeout(timeout_s)
    if code != 0 and total == 0:
        raise _unreadable()
    return total


def _feed(stdin: IO[bytes], data: bytes) -> None:
    try:
        stdin.write(data)
    except (BrokenPipeError, OSError):
        pass  # the decoder stopped reading (a -t limit, or it gave up): its exit says why
    finally:
        with contextlib.suppress(OSError):
            stdin.close()


def _missing(program: str) -> Unavailable:
    return Unavailable(
        "audio_decoder_missing",
        f"服务器未安装音频解码程序 {program}，请联系系统管理员。",
        f"The audio decoder {program} is not installed on the server.",
    )


def _run(command: list[str], data: bytes, timeout_s: float) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command, input=data, capture_output=True, timeout=timeout_s)
    except FileNotFoundError as exc:
        raise _missing(command[0]) from exc
    except subprocess.TimeoutExpired as exc:
        raise _timeout(timeout_s) from exc


def _timeout(timeout_s: float) -> Unavailable:
    return Unavailable(
        "audio_decoder_timeout",
        f"音频解码超过 {timeout_s:.0f} 秒仍未完成，请稍后重试。",
        f"Decoding the audio took longer than {timeout_s:.0f} s; try again later.",
    )


def _as_seconds(value: object) -> float | None:
    try:
        seconds = float(str(value))
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds > 0 else None


def _is_truncated(decoded: float, declared: float) -> bool:
    missing = declared - decoded
    return missing > max(_TRUNCATION_TOLERANCE_S, declared * _TRUNCATION_TOLERANCE_RATIO)


def _empty() -> InvalidInput:
    return InvalidInput(
        "audio_empty",
        "录音文件为空或不含任何声音数据。",
        "The recording is empty: it contains no audio samples.",
    )


def _unreadable() -> UnsupportedMedia:
    return UnsupportedMedia(
        "audio_unreadable",
        "无法识别为录音文件：支持 WAV（PCM、G.711 μ律/A律）、MP3、AMR 等格式。",
        "The file is not readable audio; supported are WAV (PCM, G.711 mu-law/A-law), "
        "MP3, AMR and other common formats.",
    )


def _too_long(duration: float, maximum: float) -> TooLarge:
    return TooLarge(
        "audio_too_long",
        f"录音时长 {duration:.0f} 秒，超过允许的最长 {maximum:.0f} 秒。",
        f"The recording lasts {duration:.0f} s, longer than the allowed {maximum:.0f} s.",
    )
