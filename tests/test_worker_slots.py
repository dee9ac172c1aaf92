"""The worker's slots: LLM requests bounded per process, never held while backing off; one
shared client per endpoint; CPU work bounded apart from the judge."""

from __future__ import annotations

import threading
import time

import pytest

from interview import queue
from interview.scoring import llm
from interview.scoring.judge import score_llm
from interview.scoring.types import JudgeSettings
from tests.fake_llm import FakeLLMServer, auto, server_error, slow
from tests.scoring.conftest import DRIFT_QUESTION, GOOD_ANSWER


@pytest.fixture(autouse=True)
def _restore_slots():
    yield
    llm.set_concurrency(None)
    queue.configure_slots(0, 1)


def settings(server: FakeLLMServer) -> JudgeSettings:
    return JudgeSettings(base_url=server.url, api_key="k", model="fake", timeout=10,
                         max_retries=2, backoff=0.01)


def test_no_more_llm_requests_in_flight_than_slots():
    llm.set_concurrency(2)
    with FakeLLMServer(default=slow(0.1)) as server:
        in_flight, peak, lock = 0, 0, threading.Lock()
        shared = llm.client(settings(server))
        real = shared.chat.completions.create

        def counting(*args, **kwargs):
            nonlocal in_flight, peak
            with lock:
                in_flight += 1
                peak = max(peak, in_flight)
            try:
                return real(*args, **kwargs)
            finally:
                with lock:
                    in_flight -= 1

        shared.chat.completions.create = counting  # type: ignore[method-assign]
        threads = [threading.Thread(target=score_llm,
                                    args=(DRIFT_QUESTION, GOOD_ANSWER, settings(server)))
                   for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(server.chat_requests()) == 6
        assert 1 <= peak <= 2


def test_a_retry_backs_off_without_holding_a_slot():
    llm.set_concurrency(1)
    free_while_sleeping = []

    def sleep(_seconds: float) -> None:
        slots = llm._slots
        assert slots is not None
        got = slots.acquire(blocking=False)
        free_while_sleeping.append(got)
        if got:
            slots.release()

    with FakeLLMServer() as server:
        server.enqueue(server_error(500), auto())
        result = score_llm(DRIFT_QUESTION, GOOD_ANSWER, settings(server), sleep=sleep)
    assert result.scorer == "llm"
    assert free_while_sleeping == [True]


def test_one_client_per_endpoint_kept_open_across_calls():
    with FakeLLMServer() as server:
        first = llm.client(settings(server))
        with llm.client(settings(server)) as second:
            pass
        assert first is second
        assert not second.is_closed()


def test_cpu_slots_bound_cpu_work():
    queue.configure_slots(4, 1)
    order: list[str] = []

    def work(name: str) -> None:
        with queue.cpu_slot():
            order.append(f"{name} in")
            time.sleep(0.02)
            order.append(f"{name} out")

    threads = [threading.Thread(target=work, args=(n,)) for n in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert order[0].endswith("in") and order[1].endswith("out")  # one at a time
