"""A live gateway on 127.0.0.1 port 0 and one headless Chromium, shared per test module."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser, async_playwright

from gateway.app import create_app
from gateway.crypto import generate_key_line
from gateway.settings import Settings, load_settings
from tests.browser import CHROMIUM, CHROMIUM_ARGS


@dataclass
class Live:
    url: str
    app: web.Application
    settings: Settings


def live_settings(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "keys": generate_key_line(),
        "workers": 2,
        "job_lease_s": 5.0,
        "job_retry_base_s": 0.2,
        "rate_limit_per_minute": 1000,
    }
    values.update(overrides)
    return load_settings(env={}, **values)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def live(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Live]:
    settings = live_settings(tmp_path_factory.mktemp("web") / "data")
    app = await create_app(settings, extractors={})
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield Live(f"http://127.0.0.1:{port}", app, settings)
    await runner.cleanup()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        found = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield found
        await found.close()


_NUM = {c: i for i, c in enumerate("零一二三四五六七八九")}


def chinese_to_int(text: str) -> int:
    """0..99 written as 七, 十二, 二十, 三十五."""
    if "十" not in text:
        return _NUM[text]
    tens, _, ones = text.partition("十")
    return (_NUM[tens] if tens else 1) * 10 + (_NUM[ones] if ones else 0)


def solve_question(label: str) -> str:
    m = re.search(r"([零一二三四五六七八九十]+)加([零一二三四五六七八九十]+)等于", label)
    assert m, label
    return str(chinese_to_int(m.group(1)) + chinese_to_int(m.group(2)))
